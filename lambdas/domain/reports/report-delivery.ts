import { deterministicId } from "../ids.js";
import type { Service } from "../service.js";
import type { ReportWeek } from "./report-week.js";

/** The webhook event that hands a business its weekly report. */
export const WEEKLY_REPORT_EVENT = "report.weekly";

/**
 * How long the report's signed links work: S3's longest presigned-URL lifetime (a signature made with
 * temporary credentials stops working earlier, when they expire: see docs/weekly-report.md).
 */
export const REPORT_LINK_SECONDS = 7 * 24 * 60 * 60;

/** The webhook queue's message for a weekly report: counts only, reached through signed links. */
export interface WeeklyReportWebhookRecord {
  /** Deterministic per service and week: a re-run delivers the same `guid`, receivers drop the repeat. */
  id: string;
  kind: "report";
  event: typeof WEEKLY_REPORT_EVENT;
  clientId: string;
  weekId: string;
  weekStart: string;
  weekEnd: string;
  /** Signed GET links to the stored JSON and HTML report. */
  jsonUrl: string;
  htmlUrl: string;
  linksExpireAt: string;
  at: string;
}

export type ReportDelivery =
  | { channel: "webhook"; guid: string; linksExpireAt: string }
  /** The customer has no webhook URL (and no notifier exists yet): the report stays in the bucket. */
  | { channel: "none"; reason: "no-webhook-url" };

export interface ReportDeliveryDeps {
  links: { signedGetUrl(key: string, expiresInSeconds: number): Promise<string> };
  webhooks: { send(records: readonly WeeklyReportWebhookRecord[]): Promise<unknown> };
}

/**
 * Delivers a stored weekly report to the customer: a `report.weekly` webhook event carrying signed
 * links to the report, queued for the webhook delivery function (signed, retried, dead-lettered like
 * every delivery). Email through the notifier takes over once the notifier exists.
 */
export async function deliverWeeklyReport(
  deps: ReportDeliveryDeps,
  input: {
    service: Pick<Service, "clientId" | "webhookUrl">;
    week: ReportWeek;
    keys: { jsonKey: string; htmlKey: string };
    generatedAt: string;
  },
): Promise<ReportDelivery> {
  if (input.service.webhookUrl === undefined) return { channel: "none", reason: "no-webhook-url" };
  const [jsonUrl, htmlUrl] = await Promise.all([
    deps.links.signedGetUrl(input.keys.jsonKey, REPORT_LINK_SECONDS),
    deps.links.signedGetUrl(input.keys.htmlKey, REPORT_LINK_SECONDS),
  ]);
  const linksExpireAt = new Date(Date.parse(input.generatedAt) + REPORT_LINK_SECONDS * 1000).toISOString();
  const record: WeeklyReportWebhookRecord = {
    id: deterministicId(input.service.clientId, input.week.id, "weekly-report"),
    kind: "report",
    event: WEEKLY_REPORT_EVENT,
    clientId: input.service.clientId,
    weekId: input.week.id,
    weekStart: input.week.start,
    weekEnd: input.week.end,
    jsonUrl,
    htmlUrl,
    linksExpireAt,
    at: input.generatedAt,
  };
  await deps.webhooks.send([record]);
  return { channel: "webhook", guid: record.id, linksExpireAt };
}
