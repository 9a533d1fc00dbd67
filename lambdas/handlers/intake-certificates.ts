import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { SystemClock } from "../adapters/system/system-clock.js";
import { summaryOf } from "../domain/profile.js";
import { EddEvidenceIntake } from "../domain/support/edd-evidence.js";
import { submitCertificates } from "../domain/use-cases/submit-certificates.js";
import { hasherFromEnv, reviewQueueFromEnv, tableAdaptersFromEnv } from "../shared/adapters-from-env.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { successResponse } from "../shared/http-response.js";
import { intakeCertificatesBody, MAX_INTAKE_BODY_BYTES } from "../shared/intake-schemas.js";
import { jsonBody, type JsonBodyEvent } from "../shared/json-body-middleware.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { parseOrBadRequest } from "../shared/parse-or-bad-request.js";
import { clientIdFromPath, refIdFromPath } from "../shared/path-parameters.js";
import { requireServicePrincipal } from "../shared/service-principal.js";
import { supportDepsFromEnv } from "../shared/support-from-env.js";

/**
 * `POST /intake/1.0/{clientId}/profiles/{refId}/certificates`: attach verification results; when
 * every required certificate is in, the profile becomes `waiting` and is queued for the bots. A
 * blocked profile with an open EDD ticket takes new certificates as evidence (docs/support-desk.md).
 */
const logger = createLogger("intake-certificates");
const metrics = createMetrics("intake-certificates");
const deps = lazy(() => {
  const { services, profiles } = tableAdaptersFromEnv();
  const clock = new SystemClock();
  return {
    services,
    profiles,
    hasher: hasherFromEnv(),
    queue: reviewQueueFromEnv(),
    clock,
    evidence: new EddEvidenceIntake({ tickets: supportDepsFromEnv().tickets, profiles, clock }),
  };
});

async function intakeCertificates(event: JsonBodyEvent): Promise<APIGatewayProxyResult> {
  const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "intake");
  const clientId = clientIdFromPath(event);
  const refId = refIdFromPath(event);
  const body = parseOrBadRequest(intakeCertificatesBody, event.body);
  const result = await submitCertificates(deps(), {
    clientId,
    refId,
    principalId: principal.principalId,
    certificates: body.certificates,
  });
  logger.info("certificates submitted", { clientId, refId, outcome: result.outcome });
  metrics.addMetric(`certificates_${result.outcome}`, MetricUnit.Count, 1);
  return successResponse(200, summaryOf(result.profile));
}

export const handler = middy<JsonBodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrorResponses(logger, metrics))
  .use(jsonBody({ maxBytes: MAX_INTAKE_BODY_BYTES }))
  .handler(intakeCertificates);
