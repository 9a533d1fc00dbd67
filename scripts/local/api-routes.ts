import type { ApiScope, FunctionSpec, HttpMethod } from "../../infra/topology/types.js";
import { isIdentifyingKey, shortHash } from "../../lambdas/shared/pii-redaction.js";
import { TopologyError } from "./errors.js";

type Segment =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "parameter"; readonly name: string }
  /** `{name+}`: the rest of the path. */
  | { readonly kind: "greedy"; readonly name: string };

export interface ApiRoute {
  readonly method: HttpMethod;
  /** The resource template, e.g. `/intake/1.0/{clientId}/profiles`. */
  readonly resource: string;
  readonly functionName: string;
  readonly auth: ApiScope | "console" | "none";
  readonly segments: readonly Segment[];
}

export interface RouteMatch {
  readonly route: ApiRoute;
  /** Decoded, as API Gateway passes them; null when the resource has none. */
  readonly pathParameters: Readonly<Record<string, string>> | null;
}

/** Every `http` trigger of the manifest as a route; two functions on one method and resource is an error. */
export function apiRoutesOf(functions: readonly FunctionSpec[]): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const spec of functions) {
    for (const trigger of spec.triggers) {
      if (trigger.kind !== "http") continue;
      const duplicate = routes.find((r) => r.method === trigger.method && r.resource === trigger.path);
      if (duplicate) {
        throw new TopologyError(`${trigger.method} ${trigger.path} is served by two functions`, {
          functions: [duplicate.functionName, spec.name],
        });
      }
      routes.push({
        method: trigger.method,
        resource: trigger.path,
        functionName: spec.name,
        auth: trigger.auth,
        segments: segmentsOf(trigger.path),
      });
    }
  }
  return routes;
}

function segmentsOf(resource: string): Segment[] {
  if (!resource.startsWith("/")) throw new TopologyError(`route ${resource} must start with /`);
  const parts = resource.split("/").slice(1);
  return parts.map((part, index) => {
    const parameter = /^\{(\w+)(\+?)\}$/.exec(part);
    if (parameter === null) {
      if (/[{}]/.test(part) || part === "")
        throw new TopologyError(`bad segment "${part}" in route ${resource}`);
      return { kind: "literal", value: part };
    }
    if (parameter[2] === "+") {
      if (index !== parts.length - 1)
        throw new TopologyError(`{${parameter[1]}+} must end route ${resource}`);
      return { kind: "greedy", name: parameter[1]! };
    }
    return { kind: "parameter", name: parameter[1]! };
  });
}

/**
 * The route API Gateway would pick for a request path (still percent-encoded): literal segments win over
 * `{parameters}`, which win over `{greedy+}` ones, compared from the left.
 */
export function matchRoute(routes: readonly ApiRoute[], method: string, rawPath: string): RouteMatch | null {
  let decoded: string[];
  try {
    decoded = rawPath.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return null;
  }
  if (decoded.length > 1 && decoded[decoded.length - 1] === "") decoded.pop();
  let best: { match: RouteMatch; rank: number[] } | null = null;
  for (const route of routes) {
    if (route.method !== method) continue;
    const matched = matchSegments(route.segments, decoded);
    if (matched === null) continue;
    if (best === null || compareRanks(matched.rank, best.rank) < 0) {
      const names = Object.keys(matched.parameters);
      best = {
        match: { route, pathParameters: names.length === 0 ? null : matched.parameters },
        rank: matched.rank,
      };
    }
  }
  return best?.match ?? null;
}

function matchSegments(
  segments: readonly Segment[],
  path: readonly string[],
): { parameters: Record<string, string>; rank: number[] } | null {
  const parameters: Record<string, string> = {};
  const rank: number[] = [];
  for (const [index, segment] of segments.entries()) {
    const value = path[index];
    if (segment.kind === "greedy") {
      const rest = path.slice(index);
      if (rest.length === 0 || rest.join("/") === "") return null;
      parameters[segment.name] = rest.join("/");
      rank.push(2);
      return { parameters, rank };
    }
    if (value === undefined || value === "") return null;
    if (segment.kind === "literal") {
      if (segment.value !== value) return null;
      rank.push(0);
    } else {
      parameters[segment.name] = value;
      rank.push(1);
    }
  }
  return segments.length === path.length ? { parameters, rank } : null;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return b.length - a.length;
}

/**
 * A request path fit for the access log: path parameters that identify a user (`refId`, `recordId`, …)
 * become the same `h:…` tags the functions log. A path no route matches keeps only the segments some
 * route spells literally; anything else in it could be an identifier and is hashed too.
 */
export function loggedPathOf(routes: readonly ApiRoute[], method: string, rawPath: string): string {
  const match = matchRoute(routes, method, rawPath);
  if (match !== null) {
    const parameters = match.pathParameters ?? {};
    return `/${match.route.segments
      .map((segment) => {
        if (segment.kind === "literal") return segment.value;
        const value = parameters[segment.name] ?? "";
        return isIdentifyingKey(segment.name) ? shortHash(value) : encodeURIComponent(value);
      })
      .join("/")}`;
  }
  const literals = new Set(
    routes.flatMap((route) =>
      route.segments.flatMap((segment) => (segment.kind === "literal" ? [segment.value] : [])),
    ),
  );
  return rawPath
    .split("/")
    .map((segment) => (segment === "" || literals.has(segment) ? segment : shortHash(segment)))
    .join("/");
}
