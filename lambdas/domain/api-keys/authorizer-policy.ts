import type { KeyPrincipal } from "./authorize.js";
import { arnMatches } from "./policy-evaluation.js";
import { routePrefixOf, type RouteScope } from "./routes.js";
import { usageIdentifierOf } from "./usage-identifier.js";

/**
 * The API Gateway REQUEST authorizer's answer for a valid key. API Gateway caches it (keyed by the
 * `Authorization` header) and applies it to the key's later requests on *any* route, so the policy
 * never describes only the current request: it always allows every route of the key's service and
 * scope, and denies the current route when that is not one of them.
 */
export interface AuthorizerPolicyResult {
  principalId: string;
  policyDocument: {
    Version: "2012-10-17";
    Statement: { Action: "execute-api:Invoke"; Effect: "Allow" | "Deny"; Resource: string[] }[];
  };
  /** Delivered to route handlers as `requestContext.authorizer` (string values). */
  context: AuthorizerContext;
  /** Names the key in its scope's usage plan: API Gateway applies the plan's per-key limit by it. */
  usageIdentifierKey: string;
}

export interface AuthorizerContext {
  [key: string]: string;
  clientId: string;
  keyId: string;
  plan: string;
  /** Granted scopes, space-separated (`status`, `status identity`, `intake`). */
  scope: string;
  /** The key's own scope as created (`status+identity` may grant only `status`). */
  keyScope: string;
}

/** Methods the API's routes use. Listed rather than `*`, which in an ARN also matches `/`. */
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"] as const;
const ROUTE_SCOPES: readonly RouteScope[] = ["status", "intake"];
const API_ARN = /^arn:[a-z-]+:execute-api:[a-z0-9-]*:[0-9]*:[A-Za-z0-9_-]+$/;
const STAGE = /^[A-Za-z0-9_-]+$/;

export class MalformedMethodArnError extends Error {
  override readonly name = "MalformedMethodArnError";
}

/** A request that must be denied but that no cache-safe policy can deny (see authorizerPolicyOf). */
export class UndeniableRequestError extends Error {
  override readonly name = "UndeniableRequestError";
}

/** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>` → API ARN and stage. */
export function apiOfMethodArn(methodArn: string): { apiArn: string; stage: string } {
  const [apiArn, stage] = methodArn.split("/", 2);
  if (apiArn === undefined || stage === undefined || !API_ARN.test(apiArn) || !STAGE.test(stage)) {
    throw new MalformedMethodArnError("the method ARN is not an execute-api method ARN");
  }
  return { apiArn, stage };
}

/** Every route of the principal's service that its grants reach, on the request's API and stage. */
export function allowedResourcesOf(principal: KeyPrincipal, methodArn: string): string[] {
  const { apiArn, stage } = apiOfMethodArn(methodArn);
  return ROUTE_SCOPES.filter((scope) => principal.grants.includes(scope)).flatMap((scope) =>
    METHODS.map((method) => `${apiArn}/${stage}/${method}${routePrefixOf(scope, principal.clientId)}/*`),
  );
}

export function authorizerPolicyOf(
  principal: KeyPrincipal,
  methodArn: string,
  effectOnRequest: "Allow" | "Deny",
): AuthorizerPolicyResult {
  const allowed = allowedResourcesOf(principal, methodArn);
  const statements: AuthorizerPolicyResult["policyDocument"]["Statement"] = [
    { Action: "execute-api:Invoke", Effect: "Allow", Resource: allowed },
  ];
  if (effectOnRequest === "Deny") {
    if (!/[*?]/.test(methodArn)) {
      statements.push({ Action: "execute-api:Invoke", Effect: "Deny", Resource: [methodArn] });
    } else if (allowed.some((resource) => arnMatches(resource, methodArn))) {
      // A method ARN holding `*` or `?` cannot be denied without denying a pattern (possibly the
      // key's own routes, while cached); when the Allow list covers it, no policy is right.
      throw new UndeniableRequestError(
        "the request's method ARN holds wildcards and matches the key's routes",
      );
    }
    // Otherwise the request is denied implicitly: it is not in the Allow list.
  }
  return {
    principalId: principal.keyId,
    policyDocument: { Version: "2012-10-17", Statement: statements },
    context: {
      clientId: principal.clientId,
      keyId: principal.keyId,
      plan: principal.plan,
      scope: principal.grants.join(" "),
      keyScope: principal.keyScope,
    },
    usageIdentifierKey: usageIdentifierOf(principal.keyId),
  };
}
