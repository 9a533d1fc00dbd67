import type { z } from "zod";
import { exposedErrorOf, type ExposedError } from "./error-status.js";

/**
 * What an operator function (invoked through the Lambda Invoke API by the operator CLI) answers:
 * `{ status: "success", data }` or `{ status: "error", code, message }` with an HTTP-like code.
 */
export type OpsResponse = { status: "success"; data: unknown } | OpsErrorAnswer;
export interface OpsErrorAnswer {
  status: "error";
  code: number;
  message: string;
}

export type ParsedOpsRequest<Schema extends z.ZodType> =
  { success: true; request: z.output<Schema> } | { success: false; answer: OpsErrorAnswer };

/** Validates an operator request; a failure is a 400 answer naming the first failing field. */
export function parseOpsRequest<Schema extends z.ZodType>(
  schema: Schema,
  event: unknown,
): ParsedOpsRequest<Schema> {
  const parsed = schema.safeParse(event);
  if (parsed.success) return { success: true, request: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path.join(".") ?? "";
  return {
    success: false,
    answer: {
      status: "error",
      code: 400,
      message: `Invalid ${path || "request"}: ${issue?.message ?? "bad request"}`,
    },
  };
}

/** A domain error the caller may see (4xx), or null for a failure the function rethrows. */
export function refusalOf(error: unknown): ExposedError | null {
  const exposed = exposedErrorOf(error);
  return exposed.statusCode >= 500 ? null : exposed;
}

export interface OpsErrorHandling {
  /** Logs a failure before it is rethrown. */
  failed(): void;
  /** Logs a refusal before it is answered. */
  refused(exposed: ExposedError): void;
  /** Which thrown values are answered (default: `refusalOf`); null means rethrow. */
  exposable?: (error: unknown) => ExposedError | null;
}

/** Answers a thrown refusal as `{ status: "error", code, message }`; rethrows anything else. */
export function answerOpsError(error: unknown, handling: OpsErrorHandling): OpsErrorAnswer {
  const exposed = (handling.exposable ?? refusalOf)(error);
  if (exposed === null) {
    handling.failed();
    throw error;
  }
  handling.refused(exposed);
  return { status: "error", code: exposed.statusCode, message: exposed.message };
}
