import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { SystemClock } from "../adapters/system/system-clock.js";
import { decideAsCustomer } from "../domain/customer-review/decide-as-customer.js";
import { hasherFromEnv, tableAdaptersFromEnv } from "../shared/adapters-from-env.js";
import { refIdPath } from "../shared/business-api-schemas.js";
import { decisionBody, MAX_DECISION_BODY_BYTES } from "../shared/customer-review-schemas.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { successResponse } from "../shared/http-response.js";
import { jsonBody, type JsonBodyEvent } from "../shared/json-body-middleware.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { requireServicePrincipal } from "../shared/service-principal.js";

/**
 * `POST /kyc/1.0/connect/{clientId}/review/{refId}/decision` (scope `review`): the customer
 * approves, rejects (with the remediation text the user receives) or blocks a profile left for
 * review, on the version it read. Same write as an operator's decision (audit with the key as
 * actor, chain intent, webhook, deduplication); a profile changed since is a 409.
 *
 * Environment: TABLE_NAME, IDENTIFIER_PEPPER.
 */
const logger = createLogger("review-decision");
const metrics = createMetrics("review-decision");
const deps = lazy(() => ({ ...tableAdaptersFromEnv(), hasher: hasherFromEnv(), clock: new SystemClock() }));

async function reviewDecision(event: JsonBodyEvent): Promise<APIGatewayProxyResult> {
  const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "review");
  const { clientId, refId } = parseOrBadRequest(refIdPath, event.pathParameters ?? {});
  const body = parseOrBadRequest(decisionBody, event.body);
  const { record, dedup } = await decideAsCustomer(deps(), {
    clientId,
    refId,
    reviewer: principal.principalId,
    action: body.action,
    reason: body.reason,
    remediation: body.remediation,
    version: body.version,
  });
  logger.info("profile decided by the customer", {
    clientId,
    refId,
    action: body.action,
    status: record.status,
    reviewer: principal.principalId,
    duplicatesBlocked: dedup?.blocked.length ?? 0,
  });
  metrics.addMetric(`review_${body.action}`, MetricUnit.Count, 1);
  return successResponse(200, record);
}

export const handler = middy<JsonBodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrorResponses(logger, metrics))
  .use(jsonBody({ maxBytes: MAX_DECISION_BODY_BYTES }))
  .handler(reviewDecision);
