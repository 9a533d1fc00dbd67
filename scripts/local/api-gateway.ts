import type { ApiSpec } from "../../infra/topology/types.js";
import { proxyEventOf, type ApiRequest } from "./api-gateway-events.js";
import { gatewayReply, proxyResultReply, type HttpReply } from "./api-gateway-responses.js";
import { loggedPathOf, matchRoute, type ApiRoute } from "./api-routes.js";
import type { FunctionHost, InvocationOutcome } from "./function-host.js";
import type { RequestAuthorizer } from "./request-authorizer.js";
import { TokenBuckets } from "./token-buckets.js";

/** How a request was handled: the reply, and for the log who handled it and why it was refused. */
export interface ApiExchange {
  readonly reply: HttpReply;
  readonly functionName: string | null;
  readonly principalId: string | null;
  /** Why the gateway answered by itself (never sent to the caller). */
  readonly detail: string | null;
}

/**
 * A REST API in front of Lambda proxy integrations: route, run the route's authorizer, apply the per-key
 * limit, invoke the function with the proxy event (within the integration timeout) and turn its result
 * into the reply.
 *
 * Per-key limits work as API Gateway usage plans do with the API key source AUTHORIZER: a token bucket
 * per `usageIdentifierKey` the authorizer answers, with the manifest's limit for the route's scope (on AWS,
 * the key's usage plan is its scope's, and a key only reaches its scope's routes). Over the limit: the
 * THROTTLED gateway response (429 with `Retry-After`). Answers without a usage identifier are not limited
 * per key. The stage limit is not emulated: the local stack serves one developer.
 */
export class LocalApiGateway {
  private readonly perKey: TokenBuckets;

  constructor(
    private readonly api: ApiSpec,
    private readonly routes: readonly ApiRoute[],
    private readonly authorizer: Pick<RequestAuthorizer, "authorize">,
    private readonly functions: Pick<FunctionHost, "invoke">,
    now: () => number = Date.now,
  ) {
    this.perKey = new TokenBuckets(now);
  }

  /** The request path as the access log may show it (user identifiers hashed). */
  loggedPath(method: string, rawPath: string): string {
    return loggedPathOf(this.routes, method, rawPath);
  }

  async handle(request: ApiRequest): Promise<ApiExchange> {
    const { requestId } = request;
    const match = matchRoute(this.routes, request.method, request.rawPath);
    if (match === null) {
      return {
        reply: gatewayReply(this.api, "MISSING_AUTHENTICATION_TOKEN", requestId),
        functionName: null,
        principalId: null,
        detail: "no route",
      };
    }
    const functionName = match.route.functionName;
    let authorizer: Record<string, unknown> | null = null;
    let principalId: string | null = null;
    if (match.route.auth !== "none") {
      const authorization = await this.authorizer.authorize(request, match);
      if (authorization.kind === "refuse") {
        return {
          reply: gatewayReply(this.api, authorization.response, requestId, authorization.gatewayMessage),
          functionName,
          principalId: null,
          detail: authorization.detail,
        };
      }
      authorizer = authorization.authorizer;
      principalId = authorization.principalId;
      // Console sessions are people, not API keys: no per-key limit.
      const limit = match.route.auth === "console" ? null : this.api.perKeyThrottle[match.route.auth];
      const key = authorization.usageIdentifierKey;
      if (limit !== null && key !== null && !this.perKey.take(key, limit)) {
        return {
          reply: gatewayReply(this.api, "THROTTLED", requestId),
          functionName,
          principalId,
          detail: `key over its limit (${limit.rateLimit}/s, burst ${limit.burstLimit})`,
        };
      }
    }
    const outcome = await this.invokeWithinTimeout(functionName, proxyEventOf(request, match, authorizer));
    if (outcome === "timeout") {
      return {
        reply: gatewayReply(this.api, "INTEGRATION_TIMEOUT", requestId),
        functionName,
        principalId,
        detail: `no answer within ${this.api.integrationTimeoutSeconds} s`,
      };
    }
    if (outcome.status === "error") {
      return {
        reply: gatewayReply(this.api, "INTEGRATION_FAILURE", requestId),
        functionName,
        principalId,
        detail: `${outcome.error.errorType}: ${outcome.error.errorMessage}`,
      };
    }
    const reply = proxyResultReply(outcome.payload, requestId);
    if (reply === null) {
      return {
        reply: gatewayReply(this.api, "INTEGRATION_FAILURE", requestId),
        functionName,
        principalId,
        detail: "malformed Lambda proxy response",
      };
    }
    return { reply, functionName, principalId, detail: null };
  }

  private async invokeWithinTimeout(
    functionName: string,
    event: unknown,
  ): Promise<InvocationOutcome | "timeout"> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.api.integrationTimeoutSeconds * 1000);
    });
    try {
      return await Promise.race([this.functions.invoke(functionName, event), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
