import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { exposedErrorOf } from "./error-status.js";
import { errorResponse } from "./http-response.js";

/**
 * Turns any error into `{ status: "error", code, message }`. Client errors are logged at info with
 * their context; server errors are logged in full but answered with a generic message.
 */
export function httpErrorResponses(
  logger: Logger,
  metrics?: Metrics,
): MiddlewareObj<unknown, APIGatewayProxyResult> {
  return {
    name: "http-error-responses",
    onError(request) {
      if (request.response !== undefined && request.response !== null) return;
      const error = request.error;
      const exposed = exposedErrorOf(error);
      if (exposed.statusCode >= 500) {
        logger.error("request failed", { error: error as Error });
      } else {
        logger.info("request refused", {
          statusCode: exposed.statusCode,
          errorName: error instanceof Error ? error.name : typeof error,
          context: (error as { context?: unknown } | null)?.context,
        });
      }
      metrics?.addMetric(`http_${exposed.statusCode}`, MetricUnit.Count, 1);
      request.response = errorResponse(exposed.statusCode, exposed.message);
    },
  };
}
