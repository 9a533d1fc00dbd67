import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { z } from "zod";
import type { ActOnProfileDeps } from "../domain/operator/act-on-profile.js";
import { MAX_REASON_LENGTH } from "../domain/operator/operator-action.js";
import { decideEdd, EDD_DECISIONS } from "../domain/support/edd-decision.js";
import {
  actOnTicket,
  confirmDeletion,
  loadTicket,
  openSupportTicket,
  type SupportDeps,
} from "../domain/support/support-desk.js";
import { HOLIDAY_DATE } from "../domain/support/working-hours.js";
import { eraseProfile, type EraseDeps } from "../domain/use-cases/erase-profile.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { answerOpsError, parseOpsRequest, type OpsResponse } from "../shared/ops-response.js";
import {
  categoryField,
  channelField,
  clientIdField,
  messageField,
  refIdField,
  requesterField,
  stateField,
  subjectField,
  ticketIdField,
} from "../shared/support-schemas.js";
import { supportDepsFromEnv } from "../shared/support-from-env.js";
import { opsProfileDepsFromEnv } from "./ops-profile.js";

/**
 * Operator function of the support desk, invoked through the Lambda Invoke API (the operator CLI):
 * - tickets: `list`, `show`, `open` (a ticket received by email, Telegram or the dedicated mailbox),
 *   `reply`, `close`, `reopen`, `assign`, `confirm-deletion` (runs the erasure, closes with its
 *   result), `edd-decide` (false-positive → audited unblock; confirmed-match → stays blocked);
 * - the holiday calendar of the SLA clock: `holidays-list`, `holiday-add`, `holiday-remove`.
 * Operators see whole tickets (they are the support team); the business API shows its own view.
 * Answers `{ status: "success", data }` or `{ status: "error", code, message }`.
 *
 * Environment: TABLE_NAME, IDENTIFIER_PEPPER, ARCHIVE_BUCKET (the erasure and the unblock path).
 */
const logger = createLogger("ops-support");
const metrics = createMetrics("ops-support");

const operator = z.string().trim().min(1).max(256);
const ticket = { clientId: clientIdField, ticketId: ticketIdField };

export const opsSupportRequest = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("list"),
    clientId: clientIdField,
    refId: refIdField.optional(),
    state: stateField.optional(),
    limit: z.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2048).optional(),
  }),
  z.object({ action: z.literal("show"), ...ticket }),
  z.object({
    action: z.literal("open"),
    clientId: clientIdField,
    /** Default: the user's ticket when a refId is given, else the business's. */
    requester: requesterField.optional(),
    refId: refIdField.optional(),
    category: categoryField,
    channel: channelField,
    subject: subjectField,
    message: messageField,
    operator,
  }),
  z.object({ action: z.literal("reply"), ...ticket, message: messageField, operator }),
  z.object({ action: z.literal("close"), ...ticket, message: messageField, operator }),
  z.object({ action: z.literal("reopen"), ...ticket, reason: messageField, operator }),
  z.object({ action: z.literal("assign"), ...ticket, assignee: operator, operator }),
  z.object({ action: z.literal("confirm-deletion"), ...ticket, operator }),
  z.object({
    action: z.literal("edd-decide"),
    ...ticket,
    decision: z.enum(EDD_DECISIONS),
    reason: z.string().trim().min(1).max(MAX_REASON_LENGTH),
    operator,
  }),
  z.object({ action: z.literal("holidays-list") }),
  z.object({
    action: z.literal("holiday-add"),
    date: z
      .string()
      .regex(HOLIDAY_DATE, "must be YYYY-MM-DD")
      .refine((d) => !Number.isNaN(Date.parse(d)), "is not a date"),
    name: z.string().trim().min(1).max(100),
    operator,
  }),
  z.object({
    action: z.literal("holiday-remove"),
    date: z.string().regex(HOLIDAY_DATE, "must be YYYY-MM-DD"),
    operator,
  }),
]);
export type OpsSupportRequest = z.input<typeof opsSupportRequest>;

export interface OpsSupportDeps {
  support: SupportDeps;
  erase: EraseDeps;
  profile: ActOnProfileDeps;
}

export function opsSupportDepsFromEnv(env: NodeJS.ProcessEnv = process.env): OpsSupportDeps {
  const profileDeps = opsProfileDepsFromEnv(env);
  return { support: supportDepsFromEnv(env), erase: profileDeps.erase, profile: profileDeps };
}

/** The function with its dependencies supplied (tests inject a clock). */
export function createOpsSupport(deps: () => OpsSupportDeps) {
  return async (event: unknown): Promise<OpsResponse> => {
    const parsed = parseOpsRequest(opsSupportRequest, event);
    if (!parsed.success) return parsed.answer;
    const request = parsed.request;
    const where = {
      action: request.action,
      ...("clientId" in request ? { clientId: request.clientId } : {}),
      ...("ticketId" in request ? { ticketId: request.ticketId } : {}),
      ...("operator" in request ? { operator: request.operator } : {}),
    };
    try {
      const data = await perform(deps(), request);
      // Who did what to which ticket; never the messages (they may hold personal data).
      logger.info("operator support request", where);
      metrics.addMetric(`ops_support_${request.action.replace(/-/g, "_")}`, MetricUnit.Count, 1);
      return { status: "success", data };
    } catch (error) {
      return answerOpsError(error, {
        failed: () => logger.error("operator support request failed", { ...where, error: error as Error }),
        refused: (exposed) => logger.info("operator support request refused", { ...where, ...exposed }),
      });
    }
  };
}

async function perform(deps: OpsSupportDeps, request: z.output<typeof opsSupportRequest>): Promise<unknown> {
  const { support } = deps;
  switch (request.action) {
    case "list": {
      const filter = {
        ...(request.refId === undefined ? {} : { refId: request.refId }),
        ...(request.state === undefined ? {} : { state: request.state }),
      };
      const page = await support.tickets.list(
        request.clientId,
        filter,
        request.cursor ?? null,
        request.limit,
      );
      return { clientId: request.clientId, tickets: page.items.map(summaryOf), cursor: page.cursor };
    }
    case "show":
      return { ticket: await loadTicket(support.tickets, request.clientId, request.ticketId) };
    case "open":
      return {
        ticket: await openSupportTicket(support, {
          clientId: request.clientId,
          requester: request.requester ?? (request.refId === undefined ? "business" : "user"),
          refId: request.refId ?? null,
          category: request.category,
          channel: request.channel,
          subject: request.subject,
          message: request.message,
          actor: { kind: "operator", id: request.operator },
        }),
      };
    case "reply":
    case "close":
      return {
        ticket: await actOnTicket(support, { ...request, action: request.action, message: request.message }),
      };
    case "reopen":
      return { ticket: await actOnTicket(support, { ...request, action: "reopen", reason: request.reason }) };
    case "assign":
      return {
        ticket: await actOnTicket(support, { ...request, action: "assign", assignee: request.assignee }),
      };
    case "confirm-deletion":
      return confirmDeletion(support, (input) => eraseProfile(deps.erase, input), request);
    case "edd-decide":
      return decideEdd({ ...support, profile: deps.profile }, request);
    case "holidays-list":
      return { holidays: (await support.holidays.list()).sort((a, b) => a.date.localeCompare(b.date)) };
    case "holiday-add": {
      const holiday = {
        date: request.date,
        name: request.name,
        addedBy: request.operator,
        addedAt: support.clock.now(),
      };
      await support.holidays.add(holiday);
      return { holiday };
    }
    case "holiday-remove":
      return { date: request.date, removed: await support.holidays.remove(request.date) };
  }
}

function summaryOf(t: Awaited<ReturnType<typeof loadTicket>>) {
  return {
    ticketId: t.ticketId,
    requester: t.requester,
    refId: t.refId,
    category: t.category,
    channel: t.channel,
    subject: t.subject,
    state: t.state,
    outcome: t.outcome,
    assignee: t.assignee,
    openedAt: t.openedAt,
    responseDueAt: t.responseDueAt,
    respondedAt: t.respondedAt,
    breachedAt: t.breachedAt,
  };
}

const deps = lazy(() => opsSupportDepsFromEnv());

export const handler = middy<unknown, OpsResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createOpsSupport(deps));
