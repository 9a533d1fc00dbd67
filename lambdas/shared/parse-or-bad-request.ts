import type { z } from "zod";
import { createHttpError } from "./http-error.js";
import { describeFirstIssue } from "./intake-schemas.js";

/** Validates input with a zod schema; a failure is a 400 naming the first failing field. */
export function parseOrBadRequest<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw createHttpError(400, describeFirstIssue(parsed.error), { cause: parsed.error });
  return parsed.data;
}
