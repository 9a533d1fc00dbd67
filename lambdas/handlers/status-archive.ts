import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { retentionDepsFromEnv } from "../adapters/dynamodb/retention-deps-from-env.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import { archiveProfile } from "../domain/use-cases/archive-profile.js";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { successResponse } from "../shared/http-response.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { clientIdFromPath, refIdFromPath } from "../shared/path-parameters.js";
import { requireServicePrincipal } from "../shared/service-principal.js";

/**
 * `POST /kyc/1.0/connect/{clientId}/refId/{refId}/archive` (Blockpass "Archive Dashboard API"):
 * the business archives one of its profiles now. Idempotent: archiving an archived profile answers
 * the same record. Answers status only, never personal data.
 */
const logger = createLogger("status-archive");
const metrics = createMetrics("status-archive");
const deps = lazy(() => ({ ...retentionDepsFromEnv(), clock: new SystemClock() }));

async function statusArchive(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const principal = requireServicePrincipal(event, event.pathParameters?.clientId, "status");
  const clientId = clientIdFromPath(event);
  const refId = refIdFromPath(event);
  const { outcome, profile } = await archiveProfile(deps(), {
    clientId,
    refId,
    actor: { kind: "customer", id: principal.principalId },
    trigger: "request",
  });
  logger.info("profile archived on request", { clientId, refId, outcome });
  metrics.addMetric(`archive_${outcome.replace("-", "_")}`, MetricUnit.Count, 1);
  return successResponse(200, {
    refId: profile.refId,
    recordId: profile.recordId,
    status: profile.status,
    submitCount: profile.submitCount,
    isArchived: profile.isArchived,
  });
}

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrorResponses(logger, metrics))
  .handler(statusArchive);
