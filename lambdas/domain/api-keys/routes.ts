import type { Grant } from "./scopes.js";

/** The scope a route needs, by the API's path conventions. */
export type RouteScope = Extract<Grant, "status" | "intake" | "review">;

export interface ApiRoute {
  scope: RouteScope;
  /** The service the route addresses (its `{clientId}` path parameter). */
  clientId: string;
}

/**
 * Where each scope's routes live: `prefix` up to the `{clientId}` segment, then `suffix`. The
 * review routes sit inside the status prefix (`/kyc/1.0/connect/{clientId}/review`), so they are
 * listed first: the most specific match wins.
 */
const ROUTE_PREFIXES: readonly { scope: RouteScope; prefix: string; suffix: string }[] = [
  { scope: "review", prefix: "/kyc/1.0/connect/", suffix: "/review" },
  { scope: "status", prefix: "/kyc/1.0/connect/", suffix: "" },
  { scope: "intake", prefix: "/intake/1.0/", suffix: "" },
];
const CLIENT_ID_TEMPLATE = "{clientId}";
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The scope a resource template (e.g. `/kyc/1.0/connect/{clientId}/refId/{refId}`) requires, or
 * null for a template outside the keyed API.
 */
export function requiredScopeOf(resource: string): RouteScope | null {
  for (const { scope, prefix, suffix } of ROUTE_PREFIXES) {
    const root = `${prefix}${CLIENT_ID_TEMPLATE}${suffix}`;
    if (resource === root || resource.startsWith(`${root}/`)) return scope;
  }
  return null;
}

/** The route of a request from its resource template and `{clientId}` parameter, or null. */
export function apiRouteOf(
  resource: string | null | undefined,
  clientId: string | null | undefined,
): ApiRoute | null {
  if (typeof resource !== "string" || typeof clientId !== "string" || !CLIENT_ID.test(clientId)) return null;
  const scope = requiredScopeOf(resource);
  return scope === null ? null : { scope, clientId };
}

/**
 * The concrete path a service's routes of one scope live under, e.g. `/kyc/1.0/connect/acme` or
 * `/kyc/1.0/connect/acme/review`: the routes are this path itself and everything below it.
 */
export function routePrefixOf(scope: RouteScope, clientId: string): string {
  const entry = ROUTE_PREFIXES.find((candidate) => candidate.scope === scope);
  if (entry === undefined) throw new Error(`no routes for scope ${scope}`);
  return `${entry.prefix}${clientId}${entry.suffix}`;
}

/** Scopes whose routes lie inside another scope's prefix (the review routes inside the status ones). */
export function nestedScopesOf(scope: RouteScope): RouteScope[] {
  const outer = ROUTE_PREFIXES.find((candidate) => candidate.scope === scope);
  if (outer === undefined) return [];
  return ROUTE_PREFIXES.filter(
    (inner) =>
      inner.scope !== scope && inner.prefix === outer.prefix && inner.suffix.startsWith(`${outer.suffix}/`),
  ).map((inner) => inner.scope);
}
