import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy, { type MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { businessTicketViewOf } from "../domain/support/business-ticket-view.js";
import {
  businessTicketMessage,
  loadTicket,
  openSupportTicket,
  type SupportDeps,
} from "../domain/support/support-desk.js";
import { loadService } from "../domain/use-cases/load.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { successResponse } from "../shared/http-response.js";
import { jsonBody, type JsonBodyEvent } from "../shared/json-body-middleware.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { requireServicePrincipal } from "../shared/service-principal.js";
import { supportDepsFromEnv } from "../shared/support-from-env.js";
import {
  businessMessageBody,
  businessTicketBody,
  ticketPath,
  ticketsPath,
  ticketsQuery,
} from "../shared/support-schemas.js";
import { throttledResponses } from "./status-throttling.js";

/**
 * The business's support desk door (scope `status`, channel `api`):
 * - `POST .../support/tickets` opens a ticket for the business, or on behalf of one of its users
 *   (`refId`); one outside the plan is answered at once with a refusal naming what the plan offers;
 * - `GET .../support/tickets[?refId=&state=&cursor=&limit=]` lists its tickets, oldest first;
 * - `GET .../support/tickets/{ticketId}` reads one;
 * - `POST .../support/tickets/{ticketId}/messages` adds a message, or reopens (`reopen: true`).
 * Tickets are shown through `businessTicketViewOf`: on on-chain plans a user's conversation is
 * withheld and the user is named by refId only.
 *
 * Environment: TABLE_NAME.
 */
const logger = createLogger("support-tickets");
const metrics = createMetrics("support-tickets");
const MAX_BODY_BYTES = 16 * 1024;

/** The JSON body check only where there is a body (the GET routes have none). */
function jsonBodyOnPost(): MiddlewareObj<JsonBodyEvent> {
  const inner = jsonBody({ maxBytes: MAX_BODY_BYTES });
  return {
    name: "json-body-on-post",
    before(request) {
      if (request.event.httpMethod === "POST") return inner.before?.(request);
      return undefined;
    },
  };
}

export function createSupportTickets(deps: () => SupportDeps) {
  const respond = async (event: JsonBodyEvent): Promise<APIGatewayProxyResult> => {
    const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "status");
    const support = deps();
    const parameters = event.pathParameters ?? {};
    const service = await loadService(support.services, principal.clientId);
    const view = (ticket: Parameters<typeof businessTicketViewOf>[0]) =>
      businessTicketViewOf(ticket, service.plan);
    if (!("ticketId" in parameters)) {
      parseOrBadRequest(ticketsPath, parameters);
      if (event.httpMethod === "POST") {
        const body = parseOrBadRequest(businessTicketBody, event.body);
        const ticket = await openSupportTicket(support, {
          clientId: principal.clientId,
          requester: "business",
          refId: body.refId ?? null,
          category: body.category,
          channel: "api",
          subject: body.subject,
          message: body.message,
          actor: { kind: "business", id: principal.principalId },
        });
        logger.info("ticket opened", {
          clientId: principal.clientId,
          ticketId: ticket.ticketId,
          outcome: ticket.outcome,
        });
        metrics.addMetric(
          ticket.outcome === "refused" ? "ticket_refused" : "ticket_opened",
          MetricUnit.Count,
          1,
        );
        return successResponse(201, view(ticket));
      }
      const query = parseOrBadRequest(ticketsQuery, event.queryStringParameters ?? {});
      const filter = {
        ...(query.refId === undefined ? {} : { refId: query.refId }),
        ...(query.state === undefined ? {} : { state: query.state }),
      };
      const page = await support.tickets.list(principal.clientId, filter, query.cursor ?? null, query.limit);
      return successResponse(200, { tickets: page.items.map(view), cursor: page.cursor });
    }
    const { ticketId } = parseOrBadRequest(ticketPath, parameters);
    if (event.httpMethod === "POST") {
      const body = parseOrBadRequest(businessMessageBody, event.body);
      const ticket = await businessTicketMessage(support, {
        clientId: principal.clientId,
        ticketId,
        principalId: principal.principalId,
        message: body.message,
        reopen: body.reopen,
      });
      metrics.addMetric(body.reopen ? "ticket_reopened" : "ticket_message", MetricUnit.Count, 1);
      return successResponse(200, view(ticket));
    }
    return successResponse(200, view(await loadTicket(support.tickets, principal.clientId, ticketId)));
  };
  return middy<JsonBodyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(httpErrorResponses(logger, metrics))
    .use(throttledResponses())
    .use(jsonBodyOnPost())
    .handler(respond);
}

export const handler = createSupportTickets(lazy(() => supportDepsFromEnv()));
