import type { AuthorizerSpec, GatewayResponseType } from "../../infra/topology/types.js";
import { methodArnOf, requestAuthorizerEventOf, type ApiRequest } from "./api-gateway-events.js";
import { EXPLICIT_DENY_MESSAGE } from "./api-gateway-responses.js";
import type { RouteMatch } from "./api-routes.js";
import {
  evaluatePolicy,
  parseAuthorizerAnswer,
  proxyAuthorizerOf,
  type AuthorizerAnswer,
} from "./authorizer-policy.js";
import type { FunctionHost } from "./function-host.js";

export type Authorization =
  | {
      readonly kind: "allow";
      readonly principalId: string;
      readonly authorizer: Record<string, unknown>;
      /** The authorizer's `usageIdentifierKey`: the API key whose per-key limit applies. */
      readonly usageIdentifierKey: string | null;
    }
  | {
      readonly kind: "refuse";
      readonly response: GatewayResponseType;
      /** API Gateway's message for this refusal. */
      readonly gatewayMessage?: string;
      /** For the log: why (never sent to the caller). */
      readonly detail: string;
    };

/**
 * API Gateway's Lambda REQUEST authorizer step: requires the identity headers (401 without calling the
 * function), invokes the authorizer, caches its answer per identity for the manifest's TTL, and evaluates
 * the policy against the method ARN of each request — a cached policy that does not cover another route
 * denies it, exactly as in production.
 */
export class RequestAuthorizer {
  private readonly cache = new Map<string, { answer: AuthorizerAnswer; expiresAt: number }>();

  constructor(
    private readonly spec: AuthorizerSpec,
    private readonly functions: Pick<FunctionHost, "invoke" | "has">,
    private readonly now: () => number = Date.now,
  ) {}

  async authorize(request: ApiRequest, match: RouteMatch): Promise<Authorization> {
    const identity = this.identityOf(request);
    if (identity === null) {
      return { kind: "refuse", response: "UNAUTHORIZED", detail: "identity header missing" };
    }
    if (!this.functions.has(this.spec.functionName)) {
      return {
        kind: "refuse",
        response: "AUTHORIZER_CONFIGURATION_ERROR",
        detail: `authorizer function ${this.spec.functionName} is not in the manifest`,
      };
    }
    const started = this.now();
    const cached = this.cache.get(identity);
    let answer: AuthorizerAnswer;
    if (cached !== undefined && cached.expiresAt > started) {
      answer = cached.answer;
    } else {
      const outcome = await this.functions.invoke(
        this.spec.functionName,
        requestAuthorizerEventOf(request, match),
      );
      if (outcome.status === "error") {
        // The one error an authorizer may throw on purpose.
        if (outcome.error.errorMessage === "Unauthorized") {
          return { kind: "refuse", response: "UNAUTHORIZED", detail: "the authorizer answered Unauthorized" };
        }
        return {
          kind: "refuse",
          response: "AUTHORIZER_CONFIGURATION_ERROR",
          detail: `authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
        };
      }
      const parsed = parseAuthorizerAnswer(outcome.payload);
      if ("invalid" in parsed) {
        return { kind: "refuse", response: "AUTHORIZER_CONFIGURATION_ERROR", detail: parsed.invalid };
      }
      answer = parsed;
      if (this.spec.resultsCacheTtlSeconds > 0) {
        this.cache.set(identity, { answer, expiresAt: started + this.spec.resultsCacheTtlSeconds * 1000 });
      }
    }
    const decision = evaluatePolicy(answer, methodArnOf(request.method, request.rawPath));
    if (decision === "explicit-deny") {
      return {
        kind: "refuse",
        response: "ACCESS_DENIED",
        gatewayMessage: EXPLICIT_DENY_MESSAGE,
        detail: `explicit deny for ${answer.principalId}`,
      };
    }
    if (decision === "implicit-deny") {
      return { kind: "refuse", response: "ACCESS_DENIED", detail: `no Allow for ${answer.principalId}` };
    }
    return {
      kind: "allow",
      principalId: answer.principalId,
      authorizer: proxyAuthorizerOf(answer, this.now() - started),
      usageIdentifierKey: answer.usageIdentifierKey,
    };
  }

  /** The cache key: every identity header's value; null when one is missing or empty. */
  private identityOf(request: ApiRequest): string | null {
    const values: string[] = [];
    for (const name of this.spec.identityHeaders) {
      let value: string | undefined;
      for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
        if (request.rawHeaders[i]!.toLowerCase() === name.toLowerCase()) value = request.rawHeaders[i + 1]!;
      }
      if (value === undefined || value.trim() === "") return null;
      values.push(value);
    }
    return values.join("\u0000");
  }
}

/** The manifest's two authorizers: API keys for scoped routes, the session cookie for `console` routes. */
export class RouteAuthorizers {
  constructor(
    private readonly keys: Pick<RequestAuthorizer, "authorize">,
    private readonly console: Pick<RequestAuthorizer, "authorize">,
  ) {}

  authorize(request: ApiRequest, match: RouteMatch): Promise<Authorization> {
    return (match.route.auth === "console" ? this.console : this.keys).authorize(request, match);
  }
}
