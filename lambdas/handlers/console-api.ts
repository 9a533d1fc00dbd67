import { LambdaClient } from "@aws-sdk/client-lambda";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { RandomSessionTokens } from "../adapters/crypto/random-session-tokens.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import { requireOperator, requireServiceAccess } from "../domain/console/console-access.js";
import type { ConsolePrincipal } from "../domain/console/console-principal.js";
import { CUSTOMER_ACTIONS, type CustomerAction } from "../domain/customer-review/customer-decision.js";
import { decideAsCustomer } from "../domain/customer-review/decide-as-customer.js";
import { openForReview } from "../domain/customer-review/open-for-review.js";
import type { ReviewReadDeps } from "../domain/customer-review/ports.js";
import { readForReview } from "../domain/customer-review/read-for-review.js";
import { customerReviewsOn } from "../domain/api-keys/scopes.js";
import { reviewQueueOf } from "../domain/customer-review/review-queue.js";
import type { DecideProfileDeps } from "../domain/use-cases/decide-profile.js";
import { entitlementsOf, type Service } from "../domain/service.js";
import type { Page, ServiceRepository } from "../domain/ports.js";
import { hasherFromEnv, tableAdaptersFromEnv } from "../shared/adapters-from-env.js";
import { sessionTokenOf } from "../shared/console-cookie.js";
import {
  consoleActionRequest,
  consoleJobRequest,
  consoleQueueQuery,
  consoleTicketMessage,
  consoleTicketQuery,
  CONSOLE_JOBS,
  qaOutcomeRequest,
  type ConsoleServiceSummary,
} from "../shared/console-schemas.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { createHttpError } from "../shared/http-error.js";
import { errorResponse, successResponse } from "../shared/http-response.js";
import { CLIENT_ID_PATTERN, REF_ID_PATTERN } from "../shared/intake-schemas.js";
import { jsonOfBody } from "../shared/json-text.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import type { OpsResponse } from "../shared/ops-response.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { z } from "zod";
import { createOpsJobs, LambdaFunctionInvoker } from "./ops-jobs.js";
import { createOpsProfile, opsProfileDepsFromEnv } from "./ops-profile.js";
import { createOpsQa, opsQaDepsFromEnv } from "./ops-qa.js";
import { createOpsSupport, opsSupportDepsFromEnv } from "./ops-support.js";
import { reviewReadDepsFromEnv } from "./review-dynamodb.js";

/**
 * The console API (`/console/api/...`, behind the console authorizer: the signed-in user arrives as
 * `requestContext.authorizer` { role, name, clientId }). It has no use cases of its own: operator
 * requests go to the operator functions' request handlers (the CLI's: ops-profile, ops-qa,
 * ops-support, ops-jobs), with the operator's name as the audited actor; customer requests go to the customer
 * review use cases (the review API's), held to the customer's own service. docs/console.md.
 *
 * Environment: TABLE_NAME, IDENTIFIER_PEPPER, ARCHIVE_BUCKET, and the job functions' names.
 */
const logger = createLogger("console-api");
const metrics = createMetrics("console-api");

/** What the console API calls: the operator functions' handlers and the customer review use cases. */
export interface ConsoleApiDeps {
  opsProfile: (request: unknown) => Promise<OpsResponse>;
  opsSupport: (request: unknown) => Promise<OpsResponse>;
  opsJobs: (request: unknown) => Promise<OpsResponse>;
  opsQa: (request: unknown) => Promise<OpsResponse>;
  review: ReviewReadDeps;
  decide: DecideProfileDeps;
  services: Pick<ServiceRepository, "get" | "list">;
  tokens: { csrfTokenOf(sessionToken: string): string };
  clock: { now(): string };
}

export function consoleApiDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleApiDeps {
  const tables = tableAdaptersFromEnv(env);
  const clock = new SystemClock();
  const invoker = new LambdaFunctionInvoker(new LambdaClient({}));
  return {
    opsProfile: createOpsProfile(lazy(() => opsProfileDepsFromEnv(env))),
    opsSupport: createOpsSupport(lazy(() => opsSupportDepsFromEnv(env))),
    opsJobs: createOpsJobs(() => invoker, env),
    opsQa: createOpsQa(lazy(() => opsQaDepsFromEnv(env))),
    review: reviewReadDepsFromEnv(env),
    decide: { ...tables, hasher: hasherFromEnv(env), clock },
    services: tables.services,
    tokens: new RandomSessionTokens(),
    clock,
  };
}

const clientIdParam = z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'");
const refIdParam = z.string().regex(REF_ID_PATTERN, "must be 1-128 letters, digits or . _ : @ -");
const servicePath = z.object({ clientId: clientIdParam });
const profilePath = z.object({ clientId: clientIdParam, refId: refIdParam });
const ticketPath = z.object({ clientId: clientIdParam, ticketId: z.string().min(1).max(64) });
const ticketActionPath = ticketPath.extend({ ticketAction: z.enum(["reply", "close"]) });
const jobPath = z.object({ job: z.enum(CONSOLE_JOBS) });
const qaQuery = z.object({
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/, "must be an ISO week such as 2026-W49")
    .optional(),
});

/** A service listing is small (one row per customer); this bounds it all the same. */
const MAX_SERVICES = 1000;

export function principalOf(event: Pick<APIGatewayProxyEvent, "requestContext">): ConsolePrincipal {
  const context = event.requestContext.authorizer as Record<string, unknown> | null | undefined;
  const role = context?.role;
  const name = context?.name;
  if (typeof name !== "string" || name === "") throw createHttpError(401, "Unauthorized");
  if (role === "operator") return { role, name };
  if (role === "customer" && typeof context?.clientId === "string" && context.clientId !== "") {
    return { role, name, clientId: context.clientId };
  }
  throw createHttpError(401, "Unauthorized");
}

type Route = (event: APIGatewayProxyEvent, principal: ConsolePrincipal) => Promise<APIGatewayProxyResult>;

export function createConsoleApi(deps: () => ConsoleApiDeps) {
  /** An operator function's envelope as an HTTP answer. */
  const answer = (response: OpsResponse): APIGatewayProxyResult =>
    response.status === "success"
      ? successResponse(200, response.data)
      : errorResponse(response.code, response.message);

  const routes: Readonly<Record<string, Route>> = {
    "GET /console/api/me": async (event, principal) => {
      const sessionToken = sessionTokenOf(event.headers);
      if (sessionToken === null) throw createHttpError(401, "Unauthorized");
      return successResponse(200, {
        me: {
          role: principal.role,
          name: principal.name,
          clientId: principal.role === "customer" ? principal.clientId : null,
        },
        csrfToken: deps().tokens.csrfTokenOf(sessionToken),
      });
    },

    "GET /console/api/services": async (_event, principal) => {
      const { services } = deps();
      if (principal.role === "customer") {
        const own = await services.get(principal.clientId);
        return successResponse(200, { services: own === null ? [] : [summaryOf(own)] });
      }
      return successResponse(200, { services: (await allServices(services)).map(summaryOf) });
    },

    "GET /console/api/services/{clientId}/queue": async (event, principal) => {
      const { clientId } = parseOrBadRequest(servicePath, event.pathParameters ?? {});
      requireServiceAccess(principal, clientId);
      const query = parseOrBadRequest(consoleQueueQuery, event.queryStringParameters ?? {});
      if (principal.role === "operator") {
        return answer(
          await deps().opsProfile({
            action: "queue",
            clientId,
            status: query.status,
            limit: query.limit,
            ...(query.reasonCode === undefined ? {} : { reasonCode: query.reasonCode }),
            ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          }),
        );
      }
      const skip = query.cursor === undefined ? 0 : Number.parseInt(query.cursor, 10);
      if (!Number.isSafeInteger(skip) || skip < 0)
        throw createHttpError(400, "Invalid cursor: not a cursor of this queue");
      const page = await reviewQueueOf(deps().review, {
        clientId,
        status: query.status,
        skip,
        limit: query.limit,
        now: deps().clock.now(),
      });
      const records = page.records.filter(
        (record) => query.reasonCode === undefined || record.reasonCodes.includes(query.reasonCode),
      );
      return successResponse(200, {
        clientId,
        status: page.status,
        counts: page.counts,
        records: records.map((record) => ({ ...record, sla: null })),
        cursor: page.nextSkip === null ? null : String(page.nextSkip),
      });
    },

    "GET /console/api/services/{clientId}/profiles/{refId}": async (event, principal) => {
      const { clientId, refId } = parseOrBadRequest(profilePath, event.pathParameters ?? {});
      requireServiceAccess(principal, clientId);
      if (principal.role === "operator") {
        return answer(await deps().opsProfile({ action: "show", clientId, refId }));
      }
      return successResponse(200, { profile: await readForReview(deps().review, { clientId, refId }) });
    },

    "POST /console/api/services/{clientId}/profiles/{refId}/open": async (event, principal) => {
      const { clientId, refId } = parseOrBadRequest(profilePath, event.pathParameters ?? {});
      requireServiceAccess(principal, clientId);
      if (principal.role === "operator") {
        return answer(await deps().opsProfile({ action: "open", clientId, refId, operator: principal.name }));
      }
      const opened = await openForReview(deps().decide, { clientId, refId, reviewer: principal.name });
      return successResponse(200, { changed: opened.changed, profile: opened.record });
    },

    "POST /console/api/services/{clientId}/profiles/{refId}/actions": async (event, principal) => {
      const { clientId, refId } = parseOrBadRequest(profilePath, event.pathParameters ?? {});
      requireServiceAccess(principal, clientId);
      const body = parseOrBadRequest(consoleActionRequest, jsonOfBody(event.body));
      metrics.addMetric(`console_action_${body.action}`, MetricUnit.Count, 1);
      if (principal.role === "operator") {
        if (body.action === "erase") {
          return answer(
            await deps().opsProfile({ action: "erase", clientId, refId, operator: principal.name }),
          );
        }
        return answer(
          await deps().opsProfile({
            action: "act",
            clientId,
            refId,
            decision: body.action,
            reason: body.reason,
            version: body.version,
            operator: principal.name,
            ...(body.remediation === undefined || body.remediation === ""
              ? {}
              : { remediation: body.remediation }),
          }),
        );
      }
      if (!(CUSTOMER_ACTIONS as readonly string[]).includes(body.action)) {
        throw createHttpError(
          403,
          `Forbidden: customers approve, reject or block; ${body.action} is an operator action`,
        );
      }
      const decided = await decideAsCustomer(deps().decide, {
        clientId,
        refId,
        reviewer: principal.name,
        action: body.action as CustomerAction,
        reason: body.reason,
        remediation: body.remediation,
        version: body.version,
      });
      return successResponse(200, { changed: true, profile: decided.record });
    },

    "GET /console/api/services/{clientId}/qa": async (event, principal) => {
      requireOperator(principal);
      const { clientId } = parseOrBadRequest(servicePath, event.pathParameters ?? {});
      const { week } = parseOrBadRequest(qaQuery, event.queryStringParameters ?? {});
      return answer(
        await deps().opsQa({
          action: "sample",
          clientId,
          operator: principal.name,
          ...(week === undefined ? {} : { week }),
        }),
      );
    },

    "POST /console/api/services/{clientId}/qa/{refId}": async (event, principal) => {
      requireOperator(principal);
      const { clientId, refId } = parseOrBadRequest(profilePath, event.pathParameters ?? {});
      const body = parseOrBadRequest(qaOutcomeRequest, jsonOfBody(event.body));
      return answer(
        await deps().opsQa({ action: "record", clientId, refId, ...body, operator: principal.name }),
      );
    },

    "GET /console/api/chain": async (_event, principal) => {
      requireOperator(principal);
      return answer(await deps().opsJobs({ action: "run", job: "chain-status", operator: principal.name }));
    },

    "POST /console/api/jobs/{job}": async (event, principal) => {
      requireOperator(principal);
      const { job } = parseOrBadRequest(jobPath, event.pathParameters ?? {});
      const body = parseOrBadRequest(consoleJobRequest, jsonOfBody(event.body));
      logger.info("job run from the console", { job, operator: principal.name });
      return answer(
        await deps().opsJobs({
          action: "run",
          job,
          operator: principal.name,
          ...(body.clientId === undefined ? {} : { clientId: body.clientId }),
          ...(body.batchId === undefined ? {} : { batchId: body.batchId }),
        }),
      );
    },

    "GET /console/api/support/tickets": async (event, principal) => {
      requireOperator(principal);
      const query = parseOrBadRequest(consoleTicketQuery, event.queryStringParameters ?? {});
      return answer(await deps().opsSupport({ action: "list", ...query }));
    },

    "GET /console/api/support/tickets/{clientId}/{ticketId}": async (event, principal) => {
      requireOperator(principal);
      const { clientId, ticketId } = parseOrBadRequest(ticketPath, event.pathParameters ?? {});
      return answer(await deps().opsSupport({ action: "show", clientId, ticketId }));
    },

    "POST /console/api/support/tickets/{clientId}/{ticketId}/{ticketAction}": async (event, principal) => {
      requireOperator(principal);
      const { clientId, ticketId, ticketAction } = parseOrBadRequest(
        ticketActionPath,
        event.pathParameters ?? {},
      );
      const { message } = parseOrBadRequest(consoleTicketMessage, jsonOfBody(event.body));
      return answer(
        await deps().opsSupport({
          action: ticketAction,
          clientId,
          ticketId,
          message,
          operator: principal.name,
        }),
      );
    },
  };

  const respond = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const principal = principalOf(event);
    const route = routes[`${event.httpMethod} ${event.resource}`];
    if (route === undefined) throw createHttpError(404, "Not found");
    metrics.addMetric(`console_request_${principal.role}`, MetricUnit.Count, 1);
    return route(event, principal);
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics))
    .use(httpErrorResponses(logger, metrics))
    .handler(respond);
}

function summaryOf(service: Service): ConsoleServiceSummary {
  return {
    clientId: service.clientId,
    name: service.name,
    plan: service.plan,
    operatorAccess: entitlementsOf(service).operatorAccess,
    reviewAccess: customerReviewsOn(service.plan),
  };
}

async function allServices(services: Pick<ServiceRepository, "list">): Promise<Service[]> {
  const all: Service[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Service> = await services.list(cursor, 100);
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null && all.length < MAX_SERVICES);
  return all.sort((a, b) => a.clientId.localeCompare(b.clientId));
}

const deps = lazy(() => consoleApiDepsFromEnv());

export const handler = createConsoleApi(deps);
