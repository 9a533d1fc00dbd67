import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { checkSession } from "../domain/console/session-check.js";
import { csrfTokenOf, sessionTokenOf } from "../shared/console-cookie.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { sessionCheckDepsFromEnv, type SessionCheckDeps } from "./console-dynamodb.js";

/**
 * The console routes' Lambda REQUEST authorizer (identity source: the `Cookie` header; not cached).
 * No session, an unknown or expired one → `Unauthorized` (401: sign in again). A change (POST, DELETE)
 * without the session's CSRF token → a policy denying the request (403). Otherwise a policy allowing
 * this request, with the signed-in user as context: `role`, `name`, `clientId` (customers only).
 *
 * Environment: TABLE_NAME.
 */
const logger = createLogger("console-authorizer");
const metrics = createMetrics("console-authorizer");

export interface ConsoleAuthorizerResult {
  principalId: string;
  policyDocument: {
    Version: "2012-10-17";
    Statement: { Action: "execute-api:Invoke"; Effect: "Allow" | "Deny"; Resource: string[] }[];
  };
  context: { role: string; name: string; clientId: string };
}

export function createConsoleAuthorizer(deps: () => SessionCheckDeps) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<ConsoleAuthorizerResult> => {
    const headers = (event.headers ?? null) as Record<string, string | undefined> | null;
    const check = await checkSession(deps(), {
      sessionToken: sessionTokenOf(headers),
      csrfToken: csrfTokenOf(headers),
      method: String(event.httpMethod),
    });
    metrics.addMetric(`console_authorizer_${check.outcome}`, MetricUnit.Count, 1);
    if (check.outcome === "unauthenticated") {
      logger.info("console request unauthenticated", { reason: check.reason, resource: event.resource });
      throw new Error("Unauthorized");
    }
    const { principal } = check;
    if (check.outcome === "csrf") {
      logger.warn("console change without its CSRF token", {
        role: principal.role,
        resource: event.resource,
      });
    }
    return {
      principalId: `${principal.role}:${principal.name}`,
      policyDocument: {
        Version: "2012-10-17",
        // Not cached, so the policy covers exactly this request.
        Statement: [
          {
            Action: "execute-api:Invoke",
            Effect: check.outcome === "allow" ? "Allow" : "Deny",
            Resource: [event.methodArn],
          },
        ],
      },
      context: {
        role: principal.role,
        name: principal.name,
        clientId: principal.role === "customer" ? principal.clientId : "",
      },
    };
  };
}

const deps = lazy(() => sessionCheckDepsFromEnv());

export const handler = middy<APIGatewayRequestAuthorizerEvent, ConsoleAuthorizerResult>()
  // Never log the event: its Cookie header is the session.
  .use(injectLambdaContext(logger, { logEvent: false }))
  .use(logMetrics(metrics))
  .handler(createConsoleAuthorizer(deps));
