import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { SystemClock } from "../adapters/system/system-clock.js";
import { decodeReviewRequest } from "../adapters/sqs/review-request-message.js";
import { VersionConflictError } from "../domain/errors.js";
import { openEddTicketIfDue } from "../domain/support/support-desk.js";
import { loadService } from "../domain/use-cases/load.js";
import { reviewProfile } from "../domain/use-cases/review-profile.js";
import { hasherFromEnv, tableAdaptersFromEnv } from "../shared/adapters-from-env.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { supportDepsFromEnv } from "../shared/support-from-env.js";

/**
 * The KYC Bot and Advanced KYC Bot on the review queue (SQS batch). Each record is one profile;
 * a record that fails (bad message, unknown profile, lost version race) is reported in
 * `batchItemFailures` and redelivered alone. Re-running a record is harmless: a profile that is
 * no longer `waiting` is skipped, and the deduplication that follows is idempotent.
 */
const logger = createLogger("review-bot");
const metrics = createMetrics("review-bot");
const processor = new BatchProcessor(EventType.SQS);
const deps = lazy(() => {
  const { services, profiles, index } = tableAdaptersFromEnv();
  return { services, profiles, index, hasher: hasherFromEnv(), clock: new SystemClock() };
});
const support = lazy(() => supportDepsFromEnv());

async function reviewRecord(record: SQSRecord): Promise<void> {
  try {
    await reviewOne(record);
  } catch (error) {
    // The batch processor only reports the item as failed; say why before it is retried.
    if (error instanceof VersionConflictError) {
      // Another writer (a certificate post, an operator) changed the profile first: benign, and the
      // redelivery reviews the newer version. Not an ERROR: nothing is wrong and nobody should be paged.
      logger.info("review lost a version race; the redelivery reviews the newer version", {
        messageId: record.messageId,
        reason: error.message,
      });
      metrics.addMetric("review_version_conflict", MetricUnit.Count, 1);
    } else {
      logger.error("review failed", { messageId: record.messageId, error: error as Error });
      metrics.addMetric("review_failed", MetricUnit.Count, 1);
    }
    throw error;
  }
}

async function reviewOne(record: SQSRecord): Promise<void> {
  const request = decodeReviewRequest(record.body);
  const result = await reviewProfile(deps(), { clientId: request.clientId, refId: request.refId });
  const action = result.decision?.action ?? "none";
  logger.info("profile reviewed", {
    messageId: record.messageId,
    clientId: request.clientId,
    refId: request.refId,
    outcome: result.outcome,
    action,
    reasonCodes: result.decision?.reasonCodes ?? [],
    duplicatesBlocked: result.dedup?.blocked.length ?? 0,
  });
  metrics.addMetric(`review_${result.outcome}_${action}`, MetricUnit.Count, 1);
  if (result.profile.status === "blocked") {
    // EDD (dedicated plan): a PEP full-name match opens the user's aml-remediation ticket. After the
    // decision is saved, and idempotent, so a redelivery after a crash here still opens it once.
    const service = await loadService(deps().services, request.clientId);
    const edd = await openEddTicketIfDue(support(), service, result.profile);
    if (edd !== null) {
      logger.info("EDD ticket opened", {
        clientId: request.clientId,
        refId: request.refId,
        ticketId: edd.ticketId,
      });
      metrics.addMetric("edd_ticket_opened", MetricUnit.Count, 1);
    }
  }
  if (result.dedup !== null && result.dedup.blocked.length > 0) {
    metrics.addMetric("duplicates_blocked", MetricUnit.Count, result.dedup.blocked.length);
  }
}

async function reviewBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return processPartialResponse(event, reviewRecord, processor, { context, throwOnFullBatchFailure: false });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(reviewBatch);
