import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { z } from "zod";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbSweepJobStore } from "../adapters/dynamodb/sweep-job-store.js";
import { FixedClock } from "../adapters/system/system-clock.js";
import { checkpointStoreFromEnv, hasherFromEnv, tableAdaptersFromEnv } from "../shared/adapters-from-env.js";
import { runDedupSweepJob, type SweepJobResult } from "../shared/dedup-sweep-job.js";
import { positiveIntegerEnv, requiredEnv } from "../shared/environment.js";
import { lazy } from "../shared/lazy.js";
import { parseOpsRequest, type OpsErrorAnswer } from "../shared/ops-response.js";
import { createLogger, createMetrics } from "../shared/observability.js";

/**
 * The scheduled deduplication sweep (EventBridge, every 12 hours in production). The event's
 * `time` is the job's "now" and its id: a re-delivered or re-invoked event resumes the same job
 * from its checkpoints. It stops `SWEEP_TIME_MARGIN_MS` before the Lambda timeout and answers
 * `paused`; the scheduler re-invokes it with the same event until it answers `completed`.
 */
const logger = createLogger("dedup-sweep");
const metrics = createMetrics("dedup-sweep");
const adapters = lazy(() => ({
  ...tableAdaptersFromEnv(),
  hasher: hasherFromEnv(),
  checkpoints: checkpointStoreFromEnv(),
  jobs: new DynamoDbSweepJobStore(createDocumentClient(), requiredEnv("TABLE_NAME")),
}));

/** What the sweep reads of its event: the scheduled time (the job's clock and id). */
const sweepEvent = z.looseObject({
  time: z.string().refine((time) => !Number.isNaN(Date.parse(time)), "must be an ISO 8601 time"),
});

async function sweep(event: unknown, context: Context): Promise<SweepJobResult | OpsErrorAnswer> {
  metrics.addMetric("sweep_invocations", MetricUnit.Count, 1);
  const parsed = parseOpsRequest(sweepEvent, event);
  if (!parsed.success) {
    logger.warn("invoke payload refused", { code: parsed.answer.code, message: parsed.answer.message });
    return parsed.answer;
  }
  const { time } = parsed.request;
  const marginMs = positiveIntegerEnv("SWEEP_TIME_MARGIN_MS", 30_000);
  const result = await runDedupSweepJob(
    { ...adapters(), clock: new FixedClock(time) },
    {
      jobId: time,
      pageSize: positiveIntegerEnv("SWEEP_PAGE_SIZE", 1000),
      shouldPause: () => context.getRemainingTimeInMillis() < marginMs,
    },
  );
  logger.info("dedup sweep run", { ...result });
  if (result.status === "completed") {
    const blocked = result.services.reduce((sum, service) => sum + service.blocked, 0);
    metrics.addMetric("duplicates_blocked", MetricUnit.Count, blocked);
    metrics.addMetric("services_swept", MetricUnit.Count, result.services.length);
  } else if (result.status === "paused") {
    metrics.addMetric("sweep_paused", MetricUnit.Count, 1);
  }
  return result;
}

export const handler = middy<unknown, SweepJobResult | OpsErrorAnswer>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(sweep);
