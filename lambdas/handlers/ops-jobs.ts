import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { z } from "zod";
import { invokedFunctionNameEnv } from "../../infra/topology/environment-names.js";
import { CLIENT_ID_PATTERN } from "../shared/intake-schemas.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { answerOpsError, parseOpsRequest, type OpsResponse } from "../shared/ops-response.js";

/**
 * Operator function that runs a scheduled job now, invoked through the Lambda Invoke API (the
 * operator CLI): `{ action: "run", job: dedup|archive|reconcile|report|chain-status|retry-failed|chain-resync|sla-check,
 * clientId?, now?, batchId?, operator }` (`chain-resync` passes the operator on: it is audited).
 * It invokes the job's function synchronously with the payload that function documents (the dedup
 * sweep gets an EventBridge Scheduled Event whose `time` is `now`) and answers the job's result as
 * `{ status: "success", data: { job, functionName, now, result } }`, or `{ status: "error", code,
 * message }`: 400 for an option the job does not take, 404 for a job not deployed here, 502 when the
 * job function failed.
 *
 * Environment: `<JOB>_FUNCTION_NAME` of each job function it invokes (set from the manifest's `invokes`).
 */
const logger = createLogger("ops-jobs");
const metrics = createMetrics("ops-jobs");

export const JOBS = [
  "dedup",
  "archive",
  "reconcile",
  "report",
  "chain-status",
  "retry-failed",
  "chain-resync",
  "sla-check",
] as const;
export type Job = (typeof JOBS)[number];

/** The manifest names of the job functions. */
export const JOB_FUNCTIONS: Readonly<Record<Job, string>> = {
  dedup: "dedup-sweep",
  archive: "archive-job",
  reconcile: "chain-reconcile",
  report: "weekly-report",
  "chain-status": "chain-reconcile",
  "retry-failed": "chain-reconcile",
  "chain-resync": "chain-reconcile",
  "sla-check": "support-sla-check",
};

/** Jobs that act on the chain as it is now, for every service at once: no --now, no --client-id. */
const CHAIN_NOW_JOBS: ReadonlySet<Job> = new Set([
  "reconcile",
  "chain-status",
  "retry-failed",
  "chain-resync",
]);

/** Jobs that change the signer's own state: the job function audits them with the operator. */
const AUDITED_JOBS: ReadonlySet<Job> = new Set(["chain-resync"]);

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO time");

export const opsJobsRequest = z.object({
  action: z.literal("run"),
  job: z.enum(JOBS),
  clientId: z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'").optional(),
  now: isoTime.optional(),
  /** retry-failed only: one parked batch (default: all of them). */
  batchId: z.string().min(1).max(128).optional(),
  operator: z.string().trim().min(1).max(256),
});
export type OpsJobsRequest = z.input<typeof opsJobsRequest>;

export type OpsJobsResponse = OpsResponse;

/** Invokes a function synchronously; `functionError` is Lambda's FunctionError when the function threw. */
export interface FunctionInvoker {
  invoke(functionName: string, payload: unknown): Promise<{ functionError: string | null; payload: unknown }>;
}

export class LambdaFunctionInvoker implements FunctionInvoker {
  constructor(private readonly client: LambdaClient) {}

  async invoke(functionName: string, payload: unknown) {
    const output = await this.client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: "RequestResponse",
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    const text = output.Payload === undefined ? "" : new TextDecoder().decode(output.Payload);
    return {
      functionError: output.FunctionError ?? null,
      payload: text === "" ? null : (JSON.parse(text) as unknown),
    };
  }
}

class JobRequestError extends Error {
  override readonly name: string = "JobRequestError";

  constructor(
    readonly code: number,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** EventBridge time: whole seconds, UTC (what the scheduler sends and the jobs use as their run id). */
export function scheduledTimeOf(now: string): string {
  return new Date(Date.parse(now)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The payload each job function documents for a run at `now` (for one service where supported). */
export function jobPayloadOf(
  job: Job,
  now: string,
  clientId: string | undefined,
  batchId?: string,
  operator?: string,
): unknown {
  if (batchId !== undefined && job !== "retry-failed") {
    throw new JobRequestError(400, `--batch-id is for retry-failed, not ${job}`);
  }
  if (
    clientId !== undefined &&
    (job === "chain-status" || job === "retry-failed" || job === "chain-resync")
  ) {
    throw new JobRequestError(400, `${job} covers the signer's whole queue: --client-id is not supported`);
  }
  switch (job) {
    case "dedup":
      if (clientId !== undefined) {
        throw new JobRequestError(
          400,
          "the dedup sweep runs over every service: --client-id is not supported",
        );
      }
      return {
        version: "0",
        id: `ops-dedup-${now}`,
        "detail-type": "Scheduled Event",
        source: "aws.scheduler",
        account: "",
        time: now,
        region: process.env.AWS_REGION ?? "",
        resources: [],
        detail: {},
      };
    case "archive":
    case "report":
      return clientId === undefined ? { now } : { now, clientId };
    case "sla-check":
      if (clientId !== undefined) {
        throw new JobRequestError(400, "the SLA check covers every service: --client-id is not supported");
      }
      return { now };
    case "reconcile":
      return clientId === undefined ? { action: "reconcile" } : { action: "reconcile", clientId };
    case "chain-status":
      return { action: "status" };
    case "retry-failed":
      return batchId === undefined ? { action: "retry-failed" } : { action: "retry-failed", batchId };
    case "chain-resync":
      if (operator === undefined) throw new JobRequestError(400, "chain-resync needs the operator");
      return { action: "resync", operator };
  }
}

/** A job function's own `{ status: "error", code, message }` answer (a malformed payload), if it gave one. */
function jobRefusalOf(payload: unknown): { code: number; message: string } | null {
  if (typeof payload !== "object" || payload === null) return null;
  const { status, code, message } = payload as { status?: unknown; code?: unknown; message?: unknown };
  return status === "error" && typeof code === "number" && typeof message === "string"
    ? { code, message }
    : null;
}

export function createOpsJobs(invoker: () => FunctionInvoker, env: NodeJS.ProcessEnv = process.env) {
  return async (event: unknown): Promise<OpsJobsResponse> => {
    const parsed = parseOpsRequest(opsJobsRequest, event);
    if (!parsed.success) return parsed.answer;
    const request = parsed.request;
    const where = { job: request.job, clientId: request.clientId, operator: request.operator };
    try {
      if (CHAIN_NOW_JOBS.has(request.job) && request.now !== undefined) {
        throw new JobRequestError(
          400,
          `${request.job} works with the chain as it is now: --now is not supported`,
        );
      }
      const functionName = env[invokedFunctionNameEnv(JOB_FUNCTIONS[request.job])];
      if (functionName === undefined || functionName === "") {
        throw new JobRequestError(
          404,
          `job ${request.job} is not deployed: function ${JOB_FUNCTIONS[request.job]} is not in this deployment`,
        );
      }
      const now = scheduledTimeOf(request.now ?? new Date().toISOString());
      const outcome = await invoker().invoke(
        functionName,
        jobPayloadOf(
          request.job,
          now,
          request.clientId,
          request.batchId,
          AUDITED_JOBS.has(request.job) ? request.operator : undefined,
        ),
      );
      if (outcome.functionError !== null) {
        const message = (outcome.payload as { errorMessage?: unknown } | null)?.errorMessage;
        throw new JobRequestError(
          502,
          `job ${request.job} failed: ${typeof message === "string" ? message : outcome.functionError}`,
        );
      }
      const refused = jobRefusalOf(outcome.payload);
      if (refused !== null) {
        throw new JobRequestError(refused.code, `job ${request.job} refused the request: ${refused.message}`);
      }
      logger.info("job run by operator", { ...where, now, functionName });
      metrics.addMetric(`ops_job_${request.job}`, MetricUnit.Count, 1);
      return { status: "success", data: { job: request.job, functionName, now, result: outcome.payload } };
    } catch (error) {
      return answerOpsError(error, {
        // Only the job's own refusals are answered (502 included); anything else is rethrown.
        exposable: (thrown) =>
          thrown instanceof JobRequestError ? { statusCode: thrown.code, message: thrown.message } : null,
        failed: () => logger.error("job run failed", { ...where, error: error as Error }),
        refused: ({ statusCode, message }) =>
          logger.info("job run refused", { ...where, code: statusCode, message }),
      });
    }
  };
}

const invoker = lazy(() => new LambdaFunctionInvoker(new LambdaClient({})));

export const handler = middy<unknown, OpsJobsResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createOpsJobs(invoker));
