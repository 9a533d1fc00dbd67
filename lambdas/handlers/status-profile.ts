import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { readStatus, type ProfileLookup } from "../domain/business-api/read-status.js";
import type { StatusReader } from "../domain/business-api/ports.js";
import { recordIdPath, refIdPath } from "../shared/business-api-schemas.js";
import { successResponse } from "../shared/http-response.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { requireServicePrincipal } from "../shared/service-principal.js";
import { statusDepsFromEnv } from "./status-dynamodb.js";
import { businessApiRead } from "./status-throttling.js";

/**
 * `GET /kyc/1.0/connect/{clientId}/refId/{refId}`, `.../applicant/{refId}` (the same) and
 * `.../recordId/{recordId}` (scope `status`):
 * one profile's status in the Blockpass envelope. Identity attributes only for an `identity` grant
 * on a plan without on-chain KYC, decided from the service's current plan.
 *
 * Environment: TABLE_NAME.
 */
const logger = createLogger("status-profile");
const metrics = createMetrics("status-profile");

/** The function with its reads supplied, error mapping included (tests pass their own client). */
export function createStatusProfile(deps: () => StatusReader) {
  const respond = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "status");
    const lookup = lookupOf(event);
    const view = await readStatus(deps(), {
      clientId: principal.clientId,
      lookup,
      grants: principal.scopes,
    });
    metrics.addMetric("status_read", MetricUnit.Count, 1);
    return successResponse(200, view);
  };
  return businessApiRead(logger, metrics, respond);
}

function lookupOf(event: APIGatewayProxyEvent): ProfileLookup {
  const parameters = event.pathParameters ?? {};
  if ("recordId" in parameters) {
    return { by: "recordId", recordId: parseOrBadRequest(recordIdPath, parameters).recordId };
  }
  return { by: "refId", refId: parseOrBadRequest(refIdPath, parameters).refId };
}

const deps = lazy(() => statusDepsFromEnv());

export const handler = createStatusProfile(deps);
