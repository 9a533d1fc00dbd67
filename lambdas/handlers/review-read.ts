import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { listForReview } from "../domain/customer-review/list-for-review.js";
import type { ReviewReadDeps } from "../domain/customer-review/ports.js";
import { readForReview } from "../domain/customer-review/read-for-review.js";
import { applicantsPath, pagingQuery, refIdPath } from "../shared/business-api-schemas.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { successResponse } from "../shared/http-response.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { requireServicePrincipal } from "../shared/service-principal.js";
import { reviewReadDepsFromEnv } from "./review-dynamodb.js";

/**
 * `GET /kyc/1.0/connect/{clientId}/review?skip=&limit=` and `GET .../review/{refId}` (scope
 * `review`, payg and self-managed only): the profiles left for the customer to decide, with their
 * personal data, certificates, checks and AML hits; or one profile in full. Reading changes nothing.
 *
 * Environment: TABLE_NAME.
 */
const logger = createLogger("review-read");
const metrics = createMetrics("review-read");

/** The function with its reads supplied, error mapping included (tests pass their own client). */
export function createReviewRead(deps: () => ReviewReadDeps) {
  const respond = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "review");
    const parameters = event.pathParameters ?? {};
    if ("refId" in parameters) {
      const { refId } = parseOrBadRequest(refIdPath, parameters);
      const record = await readForReview(deps(), { clientId: principal.clientId, refId });
      metrics.addMetric("review_read", MetricUnit.Count, 1);
      return successResponse(200, record);
    }
    parseOrBadRequest(applicantsPath, parameters);
    const query = event.queryStringParameters ?? {};
    const { skip, limit } = parseOrBadRequest(pagingQuery, {
      ...(query.skip === undefined ? {} : { skip: query.skip }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    });
    const page = await listForReview(deps(), { clientId: principal.clientId, skip, limit });
    metrics.addMetric("review_listed", MetricUnit.Count, 1);
    return successResponse(200, page);
  };
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(httpErrorResponses(logger, metrics))
    .handler(respond);
}

const deps = lazy(() => reviewReadDepsFromEnv());

export const handler = createReviewRead(deps);
