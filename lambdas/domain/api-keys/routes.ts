import type { Grant } from "./scopes.js";

/** The scope a route needs, by the API's path conventions. */
export type RouteScope = Extract<Grant, "status" | "intake">;

export interface ApiRoute {
  scope: RouteScope;
  /** The service the route addresses (its `{clientId}` path parameter). */
  clientId: string;
}

/** Path prefix of each scope's routes, up to and including the `{clientId}` segment. */
const ROUTE_PREFIXES: readonly { scope: RouteScope; prefix: string }[] = [
  { scope: "status", prefix: "/kyc/1.0/connect/" },
  { scope: "intake", prefix: "/intake/1.0/" },
];
const CLIENT_ID_TEMPLATE = "{clientId}";
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The scope a resource template (e.g. `/kyc/1.0/connect/{clientId}/refId/{refId}`) requires, or
 * null for a template outside the keyed API.
 */
export function requiredScopeOf(resource: string): RouteScope | null {
  for (const { scope, prefix } of ROUTE_PREFIXES) {
    const clientIdSegment = `${prefix}${CLIENT_ID_TEMPLATE}`;
    if (resource === clientIdSegment || resource.startsWith(`${clientIdSegment}/`)) return scope;
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

/** The concrete path prefix a service's routes of one scope live under, e.g. `/kyc/1.0/connect/acme`. */
export function routePrefixOf(scope: RouteScope, clientId: string): string {
  const entry = ROUTE_PREFIXES.find((candidate) => candidate.scope === scope);
  if (entry === undefined) throw new Error(`no routes for scope ${scope}`);
  return `${entry.prefix}${clientId}`;
}
