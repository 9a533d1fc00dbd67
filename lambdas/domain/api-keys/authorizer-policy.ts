import type { KeyPrincipal } from "./authorize.js";
import { arnMatches } from "./policy-evaluation.js";
import { nestedScopesOf, routePrefixOf, type RouteScope } from "./routes.js";
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
const ROUTE_SCOPES: readonly RouteScope[] = ["status", "intake", "review"];
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
  return grantedScopesOf(principal).flatMap((scope) => resourcesOf(apiArn, stage, scope, principal.clientId));
}

/**
 * Routes inside an allowed prefix that belong to a scope the principal lacks (a status key and the
 * review routes under `/kyc/1.0/connect/{clientId}/review`): denied explicitly, as a Deny wins.
 */
export function withheldResourcesOf(principal: KeyPrincipal, methodArn: string): string[] {
  const { apiArn, stage } = apiOfMethodArn(methodArn);
  const granted = grantedScopesOf(principal);
  return granted
    .flatMap((scope) => nestedScopesOf(scope))
    .filter((nested) => !granted.includes(nested))
    .flatMap((nested) => resourcesOf(apiArn, stage, nested, principal.clientId));
}

function grantedScopesOf(principal: KeyPrincipal): RouteScope[] {
  return ROUTE_SCOPES.filter((scope) => principal.grants.includes(scope));
}

/** A scope's routes: its path itself (e.g. the review listing) and everything below it. */
function resourcesOf(apiArn: string, stage: string, scope: RouteScope, clientId: string): string[] {
  const path = routePrefixOf(scope, clientId);
  return METHODS.flatMap((method) => [
    `${apiArn}/${stage}/${method}${path}`,
    `${apiArn}/${stage}/${method}${path}/*`,
  ]);
}

export function authorizerPolicyOf(
  principal: KeyPrincipal,
  methodArn: string,
  effectOnRequest: "Allow" | "Deny",
): AuthorizerPolicyResult {
  const allowed = allowedResourcesOf(principal, methodArn);
  const withheld = withheldResourcesOf(principal, methodArn);
  // A key that grants nothing under the service's current plan (a review key on a managed plan) has
  // no Allow statement: an empty resource list is not a valid IAM statement.
  const statements: AuthorizerPolicyResult["policyDocument"]["Statement"] = [
    ...(allowed.length === 0
      ? []
      : [{ Action: "execute-api:Invoke" as const, Effect: "Allow" as const, Resource: allowed }]),
    ...(withheld.length === 0
      ? []
      : [{ Action: "execute-api:Invoke" as const, Effect: "Deny" as const, Resource: withheld }]),
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
  if (statements.length === 0) {
    // Nothing is allowed, so denying even a wildcard ARN cannot deny one of the key's routes.
    statements.push({ Action: "execute-api:Invoke", Effect: "Deny", Resource: [methodArn] });
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
