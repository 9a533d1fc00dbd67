import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { SystemClock } from "../adapters/system/system-clock.js";
import { openForReview } from "../domain/customer-review/open-for-review.js";
import { hasherFromEnv, tableAdaptersFromEnv } from "../shared/adapters-from-env.js";
import { refIdPath } from "../shared/business-api-schemas.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { successResponse } from "../shared/http-response.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { requireServicePrincipal } from "../shared/service-principal.js";

/**
 * `POST /kyc/1.0/connect/{clientId}/review/{refId}/open` (scope `review`): a reviewer opens a
 * waiting profile (`inreview`, audited, `user.inReview` webhook). Opening it again changes nothing.
 *
 * Environment: TABLE_NAME, IDENTIFIER_PEPPER.
 */
const logger = createLogger("review-open");
const metrics = createMetrics("review-open");
const deps = lazy(() => ({ ...tableAdaptersFromEnv(), hasher: hasherFromEnv(), clock: new SystemClock() }));

async function reviewOpen(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "review");
  const { clientId, refId } = parseOrBadRequest(refIdPath, event.pathParameters ?? {});
  const { changed, record } = await openForReview(deps(), {
    clientId,
    refId,
    reviewer: principal.principalId,
  });
  logger.info("profile opened for review", { clientId, refId, changed, reviewer: principal.principalId });
  metrics.addMetric(changed ? "review_opened" : "review_already_open", MetricUnit.Count, 1);
  return successResponse(200, record);
}

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrorResponses(logger, metrics))
  .handler(reviewOpen);
