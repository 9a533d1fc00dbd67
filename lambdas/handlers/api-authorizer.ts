import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import middy from "@middy/core";
import type { APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { DynamoDbAuthFailureCounter } from "../adapters/dynamodb/api-key-failure-counter.js";
import { DynamoDbApiKeyStore } from "../adapters/dynamodb/api-key-store.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import { authorizationHeaderOf } from "../domain/api-keys/authorization-header.js";
import {
  authorizeRequest,
  type AuthorizationDecision,
  type AuthorizationRequest,
  type AuthorizeDeps,
} from "../domain/api-keys/authorize.js";
import { authorizerPolicyOf, type AuthorizerPolicyResult } from "../domain/api-keys/authorizer-policy.js";
import { DEFAULT_FAILURE_LIMITS } from "../domain/api-keys/failure-limiter.js";
import { apiRouteOf } from "../domain/api-keys/routes.js";
import { positiveIntegerEnv, requiredEnv } from "../shared/environment.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { shortHash } from "../shared/pii-redaction.js";

/**
 * The REST API's Lambda REQUEST authorizer (identity source: the `Authorization` header; results
 * cached 60 s by API Gateway, so a revocation takes effect within 60 s). No valid key → it throws
 * `Unauthorized`, which API Gateway answers 401; a valid key on another service's or scope's route
 * → a policy denying that route (403); otherwise a policy allowing every route of the key's
 * service and scope, with the key's identity as context for the route handlers.
 *
 * Environment: TABLE_NAME; optional AUTH_FAILURES_PER_KEY, AUTH_FAILURES_PER_SOURCE,
 * AUTH_FAILURE_WINDOW_SECONDS (defaults 20, 20, 60).
 */
const logger = createLogger("api-authorizer");
const metrics = createMetrics("api-authorizer");

/** API Gateway turns exactly this error message into a 401. */
const UNAUTHORIZED = "Unauthorized";

export function authorizerDepsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  client: DynamoDBDocumentClient = createDocumentClient(),
): AuthorizeDeps {
  const tableName = requiredEnv("TABLE_NAME", env);
  return {
    apiKeys: new DynamoDbApiKeyStore(client, tableName),
    failures: new DynamoDbAuthFailureCounter(client, tableName),
    services: new DynamoDbServiceRepository(client, tableName),
    clock: new SystemClock(),
    limits: {
      perKey: positiveIntegerEnv("AUTH_FAILURES_PER_KEY", DEFAULT_FAILURE_LIMITS.perKey, env),
      perSource: positiveIntegerEnv("AUTH_FAILURES_PER_SOURCE", DEFAULT_FAILURE_LIMITS.perSource, env),
      windowSeconds: positiveIntegerEnv(
        "AUTH_FAILURE_WINDOW_SECONDS",
        DEFAULT_FAILURE_LIMITS.windowSeconds,
        env,
      ),
    },
  };
}

/** Reads what the decision needs from the event; anything odd in it only makes the request unauthorized. */
export function authorizationRequestOf(event: APIGatewayRequestAuthorizerEvent): AuthorizationRequest {
  const headers = isRecord(event.headers) ? event.headers : null;
  const multiValueHeaders = isRecord(event.multiValueHeaders) ? event.multiValueHeaders : null;
  const sourceIp = (event.requestContext as { identity?: { sourceIp?: unknown } } | undefined)?.identity
    ?.sourceIp;
  const pathParameters = isRecord(event.pathParameters) ? event.pathParameters : null;
  return {
    authorization: authorizationHeaderOf(onlyStrings(headers), onlyStringLists(multiValueHeaders)),
    sourceIp: typeof sourceIp === "string" ? sourceIp : null,
    route: apiRouteOf(event.resource, pathParameters?.clientId),
  };
}

/** The authorizer with its dependencies supplied (tests inject a clock and limits). */
export function createApiAuthorizer(deps: () => AuthorizeDeps) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<AuthorizerPolicyResult> => {
    const decision = await authorizeRequest(deps(), authorizationRequestOf(event));
    record(decision, event);
    if (decision.outcome === "unauthorized") throw new Error(UNAUTHORIZED);
    try {
      return authorizerPolicyOf(
        decision.principal,
        event.methodArn,
        decision.outcome === "allow" ? "Allow" : "Deny",
      );
    } catch (error) {
      // A method ARN no policy can answer safely (malformed, or wildcards matching the key's routes).
      logger.warn("request refused: no safe policy for its method ARN", { error: error as Error });
      throw new Error(UNAUTHORIZED, { cause: error });
    }
  };
}

function record(decision: AuthorizationDecision, event: APIGatewayRequestAuthorizerEvent): void {
  const route = { resource: String(event.resource), method: String(event.httpMethod) };
  metrics.addMetric(`authorizer_${decision.outcome}`, MetricUnit.Count, 1);
  if (decision.outcome === "unauthorized") {
    if (decision.reason === "locked-out") metrics.addMetric("authorizer_locked_out", MetricUnit.Count, 1);
    const source = (event.requestContext as { identity?: { sourceIp?: unknown } } | undefined)?.identity
      ?.sourceIp;
    logger.info("request unauthorized", {
      reason: decision.reason,
      keyId: decision.keyId,
      // Addresses are personal data: a short hash still correlates repeated attempts.
      source: typeof source === "string" ? shortHash(source) : null,
      retryAfterSeconds: decision.retryAfterSeconds,
      ...route,
    });
    return;
  }
  const { keyId, clientId } = decision.principal;
  if (decision.outcome === "deny")
    logger.info("request denied", { reason: decision.reason, keyId, clientId, ...route });
  if (decision.lastUseNotRecorded !== undefined) {
    logger.warn("could not record the key's last use", {
      keyId,
      error: decision.lastUseNotRecorded as Error,
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function onlyStrings(record: Record<string, unknown> | null): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function onlyStringLists(record: Record<string, unknown> | null): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(record ?? {}).filter(
      (entry): entry is [string, string[]] =>
        Array.isArray(entry[1]) && entry[1].every((v) => typeof v === "string"),
    ),
  );
}

const deps = lazy(() => authorizerDepsFromEnv());

export const handler = middy<APIGatewayRequestAuthorizerEvent, AuthorizerPolicyResult>()
  // Never log the event: it carries the caller's API key.
  .use(injectLambdaContext(logger, { logEvent: false }))
  .use(logMetrics(metrics))
  .handler(createApiAuthorizer(deps));
