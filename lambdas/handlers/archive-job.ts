import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { z } from "zod";
import { retentionDepsFromEnv } from "../adapters/dynamodb/retention-deps-from-env.js";
import { FixedClock } from "../adapters/system/system-clock.js";
import { runArchival, type RunArchivalResult } from "../domain/use-cases/run-archival.js";
import { positiveIntegerEnv } from "../shared/environment.js";
import { InvalidEventError } from "../shared/invalid-event-error.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";

/**
 * The daily archival job. Scheduled (EventBridge: the event's `time` is "now") or invoked by the
 * operator CLI with `{ "now"?: ISO time, "clientId"?: id }`. It stops `ARCHIVAL_TIME_MARGIN_MS`
 * before the Lambda timeout and answers `paused`; the next run resumes from the stored marks.
 */
const logger = createLogger("archive-job");
const metrics = createMetrics("archive-job");
const adapters = lazy(() => retentionDepsFromEnv());

const isoTime = z.iso.datetime({ offset: true });
export const archiveJobRequest = z.strictObject({
  now: isoTime.optional(),
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});
export type ArchiveJobRequest = z.infer<typeof archiveJobRequest>;

const scheduledEvent = z.object({ source: z.string(), time: isoTime });

function requestOf(event: unknown): { now: string; clientId?: string } {
  if (typeof event === "object" && event !== null && "source" in event) {
    const parsed = scheduledEvent.safeParse(event);
    if (!parsed.success) throw new InvalidEventError("the scheduled event has no valid time", {});
    return { now: parsed.data.time };
  }
  const parsed = archiveJobRequest.safeParse(event ?? {});
  if (!parsed.success) {
    throw new InvalidEventError(`invalid archive job request: ${z.prettifyError(parsed.error)}`, {});
  }
  return { now: parsed.data.now ?? new Date().toISOString(), clientId: parsed.data.clientId };
}

async function archiveJob(event: unknown, context: Context): Promise<RunArchivalResult> {
  const request = requestOf(event);
  const marginMs = positiveIntegerEnv("ARCHIVAL_TIME_MARGIN_MS", 30_000);
  const result = await runArchival(
    // Every archival of the run is stamped with the job's clock.
    { ...adapters(), clock: new FixedClock(request.now) },
    {
      now: request.now,
      ...(request.clientId === undefined ? {} : { clientId: request.clientId }),
      pageSize: positiveIntegerEnv("ARCHIVAL_PAGE_SIZE", 25),
      shouldPause: () => context.getRemainingTimeInMillis() < marginMs,
    },
  );
  const archived = result.services.reduce((sum, service) => sum + service.archived, 0);
  logger.info("archival run", {
    status: result.status,
    now: request.now,
    services: result.services.length,
    archived,
  });
  metrics.addMetric("profiles_archived", MetricUnit.Count, archived);
  if (result.status === "paused") metrics.addMetric("archival_paused", MetricUnit.Count, 1);
  return result;
}

export const handler = middy<unknown, RunArchivalResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(archiveJob);
