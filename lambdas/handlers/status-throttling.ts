import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy, { type MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { httpErrorResponses } from "../shared/http-error-middleware.js";
import { errorResponse } from "../shared/http-response.js";

/** Errors AWS SDK clients raise when a table or account is over its request rate. */
const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
]);

/** Seconds a throttled caller should wait; DynamoDB on-demand adapts within seconds. */
export const THROTTLED_RETRY_AFTER_SECONDS = 1;

export function isThrottlingError(error: unknown): boolean {
  return error instanceof Error && THROTTLING_ERRORS.has(error.name);
}

/**
 * Answers a throttled read as API Gateway answers a throttled request: 429 with `Retry-After`, so
 * clients written for Blockpass back off the same way whichever layer throttled. Register it after
 * `httpErrorResponses` (middy runs `onError` last-registered first).
 */
export function throttledResponses(): MiddlewareObj<unknown, APIGatewayProxyResult> {
  return {
    name: "throttled-responses",
    onError(request) {
      if (!isThrottlingError(request.error)) return;
      const response = errorResponse(429, "Too many requests");
      request.response = {
        ...response,
        headers: { ...response.headers, "Retry-After": String(THROTTLED_RETRY_AFTER_SECONDS) },
      };
    },
  };
}

/**
 * A business API read as every status function wraps it: Lambda context and metrics in the logs, domain
 * errors mapped to their HTTP answers, and a throttled table answered 429 with `Retry-After`.
 */
export function businessApiRead(
  logger: Logger,
  metrics: Metrics,
  respond: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(httpErrorResponses(logger, metrics))
    .use(throttledResponses())
    .handler(respond);
}
