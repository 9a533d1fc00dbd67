import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { SystemClock } from "../adapters/system/system-clock.js";
import { summaryOf } from "../domain/profile.js";
import { submitProfile } from "../domain/use-cases/submit-profile.js";
import { hasherFromEnv, tableAdaptersFromEnv } from "../shared/adapters-from-env.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { successResponse } from "../shared/http-response.js";
import { intakeProfileBody, MAX_INTAKE_BODY_BYTES } from "../shared/intake-schemas.js";
import { jsonBody, type JsonBodyEvent } from "../shared/json-body-middleware.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { clientIdFromPath } from "../shared/path-parameters.js";
import { requireServicePrincipal } from "../shared/service-principal.js";

/** `POST /intake/1.0/{clientId}/profiles`: create a profile or resubmit a rejected one. */
const logger = createLogger("intake-profile");
const metrics = createMetrics("intake-profile");
const deps = lazy(() => {
  const { services, profiles } = tableAdaptersFromEnv();
  return { services, profiles, hasher: hasherFromEnv(), clock: new SystemClock() };
});

async function intakeProfile(event: JsonBodyEvent): Promise<APIGatewayProxyResult> {
  const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "intake");
  const clientId = clientIdFromPath(event);
  const body = parseOrBadRequest(intakeProfileBody, event.body);
  const result = await submitProfile(deps(), {
    clientId,
    principalId: principal.principalId,
    refId: body.refId,
    wallet: body.wallet,
    identity: body.identity,
    documents: body.documents,
    ipCountry: body.ipCountry ?? null,
  });
  logger.info("profile submitted", { clientId, refId: body.refId, outcome: result.outcome });
  metrics.addMetric(`profile_${result.outcome}`, MetricUnit.Count, 1);
  return successResponse(result.outcome === "created" ? 201 : 200, summaryOf(result.profile));
}

export const handler = middy<JsonBodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrorResponses(logger, metrics))
  .use(jsonBody({ maxBytes: MAX_INTAKE_BODY_BYTES }))
  .handler(intakeProfile);
