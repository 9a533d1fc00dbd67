import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { listApplicants, type ListApplicantsDeps } from "../domain/business-api/list-applicants.js";
import {
  applicantsByStatusPath,
  applicantsPath,
  pagingQuery,
  statusQuery,
  type ListingStatus,
} from "../shared/business-api-schemas.js";
import { HttpError } from "../shared/http-error.js";
import { successResponse } from "../shared/http-response.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { requireServicePrincipal } from "../shared/service-principal.js";
import { statusDepsFromEnv } from "./status-dynamodb.js";
import { businessApiRead } from "./status-throttling.js";

/**
 * `GET /kyc/1.0/connect/{clientId}/applicants[/{status}]?skip=&limit=` (scope `status`): a page of
 * the service's profiles `{ records, total, skip, limit }`, limit at most 100. Order: statuses in
 * lifecycle order, each oldest status change first (then refId). Never personal data.
 *
 * Environment: TABLE_NAME.
 */
const logger = createLogger("status-applicants");
const metrics = createMetrics("status-applicants");

/** The function with its reads supplied, error mapping included (tests pass their own client). */
export function createStatusApplicants(deps: () => ListApplicantsDeps) {
  const respond = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "status");
    const status = statusOf(event);
    const { skip, limit } = parseOrBadRequest(pagingQuery, queryOf(event));
    const page = await listApplicants(deps(), { clientId: principal.clientId, status, skip, limit });
    metrics.addMetric("applicants_listed", MetricUnit.Count, 1);
    return successResponse(200, page);
  };
  return businessApiRead(logger, metrics, respond);
}

/**
 * The status filter: the path segment (Blockpass's documented form) or `?status=`. An unknown value
 * is a 400 either way, and two different values are refused: never a silently different listing.
 */
function statusOf(event: APIGatewayProxyEvent): ListingStatus | null {
  const parameters = event.pathParameters ?? {};
  const fromPath =
    "status" in parameters ? parseOrBadRequest(applicantsByStatusPath, parameters).status : null;
  if (fromPath === null) parseOrBadRequest(applicantsPath, parameters);
  const queried = event.queryStringParameters?.status;
  const fromQuery =
    queried === undefined ? null : (parseOrBadRequest(statusQuery, { status: queried }).status ?? null);
  if (fromPath !== null && fromQuery !== null && fromPath !== fromQuery) {
    throw new HttpError(400, "status is given twice (path and query) with different values");
  }
  return fromPath ?? fromQuery;
}

/** Only the paging parameters; others (e.g. Blockpass clients' cache busters) are ignored. */
function queryOf(event: APIGatewayProxyEvent): { skip?: string; limit?: string } {
  const query = event.queryStringParameters ?? {};
  return {
    ...(query.skip === undefined ? {} : { skip: query.skip }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
  };
}

const deps = lazy(() => statusDepsFromEnv());

export const handler = createStatusApplicants(deps);
