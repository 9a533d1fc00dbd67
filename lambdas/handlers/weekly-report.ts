import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { DynamoDbChainRecordStore } from "../adapters/dynamodb/chain-record-store.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../adapters/dynamodb/profile-repository.js";
import { DynamoDbQaProfiles, DynamoDbQaStore } from "../adapters/dynamodb/qa-store.js";
import { DynamoDbReportActivityReader } from "../adapters/dynamodb/report-activity-reader.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { DynamoDbHolidayCalendar, DynamoDbTicketStore } from "../adapters/dynamodb/ticket-store.js";
import { S3ReportStore } from "../adapters/s3/report-store.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import { HmacIdentifierHasher } from "../adapters/crypto/hmac-identifier-hasher.js";
import { supportReportReader } from "../domain/support/support-report-reader.js";
import { webhookQueueFromEnv } from "../adapters/webhooks/webhooks-from-env.js";
import { reportWeekBefore } from "../domain/reports/report-week.js";
import { runWeeklyReports, type WeeklyReportDeps } from "../domain/reports/run-weekly-reports.js";
import { exposedErrorOf } from "../shared/error-status.js";
import { requiredEnv } from "../shared/environment.js";
import { CLIENT_ID_PATTERN } from "../shared/intake-schemas.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";

/**
 * The weekly service report (managed-dedicated services), stored in the archive bucket and delivered to
 * the customer as a `report.weekly` webhook event with signed links. Scheduled every Monday 06:00 UTC (the event's
 * `time` is the job's clock) it reports the ISO week that just ended for every entitled service; invoked
 * (`npm run ops -- job run report [--client-id] [--now]`) with `{ clientId?, now? }` it does the same for
 * the week before `now`. Answers `{ status: "success", data: { week, reports } }` or
 * `{ status: "error", code, message }`. Environment: TABLE_NAME, ARCHIVE_BUCKET, WEBHOOK_QUEUE_URL,
 * IDENTIFIER_PEPPER (keys the quality assurance draw).
 */
const logger = createLogger("weekly-report");
const metrics = createMetrics("weekly-report");

export function weeklyReportDepsFromEnv(env: NodeJS.ProcessEnv = process.env): WeeklyReportDeps {
  const client = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  const profiles = new DynamoDbProfileRepository(client, tableName);
  const s3 = new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === "true" });
  const reports = new S3ReportStore(s3, requiredEnv("ARCHIVE_BUCKET", env));
  const services = new DynamoDbServiceRepository(client, tableName);
  return {
    services,
    activity: new DynamoDbReportActivityReader(
      client,
      tableName,
      profiles,
      new DynamoDbChainRecordStore(client, tableName),
    ),
    reports,
    support: supportReportReader(
      new DynamoDbTicketStore(client, tableName),
      new DynamoDbHolidayCalendar(client, tableName),
    ),
    // The week's QA sample is drawn when the week ends (the pepper keys the draw), the last one's read.
    quality: {
      services,
      qa: new DynamoDbQaStore(client, tableName),
      profiles: new DynamoDbQaProfiles(client, tableName),
      hasher: HmacIdentifierHasher.fromSecret(env.IDENTIFIER_PEPPER),
      clock: new SystemClock(),
    },
    // Signed links to the stored report, in a webhook event the delivery function signs and sends.
    delivery: { links: reports, webhooks: webhookQueueFromEnv(env) },
  };
}

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO time");

const weeklyReportRequest = z.union([
  z.object({ source: z.enum(["aws.events", "aws.scheduler"]), time: isoTime }).transform((event) => ({
    now: event.time,
    clientId: undefined,
  })),
  z
    .object({
      clientId: z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'").optional(),
      now: isoTime.optional(),
    })
    .strict(),
]);

export type WeeklyReportResponse =
  { status: "success"; data: unknown } | { status: "error"; code: number; message: string };

/** The function with its dependencies supplied (tests may inject them). */
export function createWeeklyReport(deps: () => WeeklyReportDeps) {
  return async (event: unknown): Promise<WeeklyReportResponse> => {
    const parsed = weeklyReportRequest.safeParse(event ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        status: "error",
        code: 400,
        message: `Invalid ${issue?.path.join(".") || "request"}: ${issue?.message ?? "bad request"}`,
      };
    }
    const generatedAt = new Date().toISOString();
    const now = parsed.data.now ?? generatedAt;
    try {
      const outcome = await runWeeklyReports(deps(), {
        week: reportWeekBefore(now),
        generatedAt,
        ...(parsed.data.clientId === undefined ? {} : { clientId: parsed.data.clientId }),
      });
      logger.info("weekly reports written", {
        week: outcome.week.id,
        services: outcome.reports.map((report) => report.clientId),
        undelivered: outcome.reports
          .filter((report) => report.delivery.channel === "none")
          .map((report) => report.clientId),
      });
      metrics.addMetric("WeeklyReportsWritten", MetricUnit.Count, outcome.reports.length);
      return { status: "success", data: outcome };
    } catch (error) {
      const exposed = exposedErrorOf(error);
      if (exposed.statusCode >= 500) {
        logger.error("weekly report failed", { error: error as Error });
        throw error;
      }
      return { status: "error", code: exposed.statusCode, message: exposed.message };
    }
  };
}

export const handler = middy<unknown, WeeklyReportResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createWeeklyReport(lazy(() => weeklyReportDepsFromEnv())));
