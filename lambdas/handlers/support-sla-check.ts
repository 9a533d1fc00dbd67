import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { z } from "zod";
import { runSlaCheck } from "../domain/support/run-sla-check.js";
import type { SupportDeps } from "../domain/support/support-desk.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { supportDepsFromEnv } from "../shared/support-from-env.js";

/**
 * The support desk's SLA check. Scheduled every 15 minutes (the event's `time` is its clock), or
 * invoked by `npm run ops -- job run sla-check --now <iso>` with `{ now }`: counts the tickets
 * awaiting a first response that are breached or due within the next working hour, records new
 * breaches on their tickets, and publishes `SupportTicketsBreached` and `SupportTicketsAtRisk`,
 * which the CDK alarms watch. Answers `{ status: "success", data: summary }`.
 *
 * Environment: TABLE_NAME.
 */
const logger = createLogger("support-sla-check");
const metrics = createMetrics("support-sla-check");

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO time");
const slaCheckRequest = z.union([
  z
    .object({ source: z.enum(["aws.events", "aws.scheduler"]), time: isoTime })
    .transform((e) => ({ now: e.time })),
  z.object({ now: isoTime.optional() }).strict(),
]);

export type SlaCheckResponse =
  { status: "success"; data: unknown } | { status: "error"; code: number; message: string };

export function createSupportSlaCheck(deps: () => Pick<SupportDeps, "tickets" | "holidays">) {
  return async (event: unknown): Promise<SlaCheckResponse> => {
    const parsed = slaCheckRequest.safeParse(event ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        status: "error",
        code: 400,
        message: `Invalid ${issue?.path.join(".") || "request"}: ${issue?.message ?? "bad request"}`,
      };
    }
    const now = new Date(Date.parse(parsed.data.now ?? new Date().toISOString())).toISOString();
    const summary = await runSlaCheck(deps(), now);
    metrics.addMetric("SupportTicketsBreached", MetricUnit.Count, summary.breached);
    metrics.addMetric("SupportTicketsAtRisk", MetricUnit.Count, summary.atRisk);
    metrics.addMetric("SupportTicketsNewlyBreached", MetricUnit.Count, summary.newlyBreached);
    logger.info("sla check", {
      now,
      checked: summary.checked,
      breached: summary.breached,
      atRisk: summary.atRisk,
      newlyBreached: summary.newlyBreached,
    });
    return { status: "success", data: summary };
  };
}

export const handler = middy<unknown, SlaCheckResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createSupportSlaCheck(lazy(() => supportDepsFromEnv())));
