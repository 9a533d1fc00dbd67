import type { Clock, ServiceRepository } from "../ports.js";
import type { Plan } from "../service.js";
import { stateOf, type ApiKey } from "./api-key.js";
import { apiKeyTextOf } from "./authorization-header.js";
import { failureSubjectsOf, failureWindowAt, lockoutOf, type FailureLimits } from "./failure-limiter.js";
import { parseApiKey } from "./key-format.js";
import { secretMatches } from "./key-material.js";
import type { ApiKeyStore, AuthFailureCounter } from "./ports.js";
import type { ApiRoute } from "./routes.js";
import { grantsOf, type ApiKeyScope, type Grant } from "./scopes.js";

export interface AuthorizeDeps {
  apiKeys: ApiKeyStore;
  failures: AuthFailureCounter;
  services: Pick<ServiceRepository, "get">;
  clock: Clock;
  limits: FailureLimits;
}

export interface AuthorizationRequest {
  /** The `Authorization` header value; null when absent or ambiguous. */
  authorization: string | null;
  /** The caller's address as the gateway saw it. */
  sourceIp: string | null;
  /** The route asked for; null when it is not a keyed API route. */
  route: ApiRoute | null;
}

/** Why a request has no valid key. Logged, never told to the caller (all answer 401). */
export type UnauthorizedReason =
  | "missing"
  | "malformed"
  | "unknown-key"
  | "wrong-secret"
  | "revoked"
  | "expired"
  | "unknown-service"
  | "locked-out";

/** Why a valid key may not use the route (403). */
export type DenyReason = "other-service" | "missing-scope" | "unknown-route";

/** The identity a valid key gives a request: route handlers receive it as authorizer context. */
export interface KeyPrincipal {
  keyId: string;
  clientId: string;
  keyScope: ApiKeyScope;
  plan: Plan;
  /** What the key grants under the service's current plan. */
  grants: readonly Grant[];
}

export type AuthorizationDecision =
  | { outcome: "unauthorized"; reason: UnauthorizedReason; keyId: string | null; retryAfterSeconds?: number }
  | { outcome: "allow"; principal: KeyPrincipal; lastUseNotRecorded?: unknown }
  | { outcome: "deny"; reason: DenyReason; principal: KeyPrincipal; lastUseNotRecorded?: unknown };

/** `lastUsedAt` is written at most this often per key. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Decides one request: is there a valid key (else 401), and may it use this route (else 403)?
 * Failures are counted per key id and source. A key id over its limit is refused outright; a source
 * over its (higher) limit is refused for anything but a valid key.
 */
export async function authorizeRequest(
  deps: AuthorizeDeps,
  request: AuthorizationRequest,
): Promise<AuthorizationDecision> {
  const nowMs = Date.parse(deps.clock.now());
  const window = failureWindowAt(nowMs, deps.limits.windowSeconds);
  const keyText = apiKeyTextOf(request.authorization);
  const parsed = keyText === null ? null : parseApiKey(keyText);
  const keyId = parsed?.keyId ?? null;
  const subjects = failureSubjectsOf(request.sourceIp, keyId);

  const [failureCounts, stored] = await Promise.all([
    deps.failures.counts(subjects, window),
    parsed === null ? Promise.resolve(null) : deps.apiKeys.get(parsed.keyId),
  ]);
  const counts = subjects.map((subject, index) => ({ subject, failures: failureCounts[index] ?? 0 }));
  const keyLockout = lockoutOf(
    counts.filter(({ subject }) => subject.kind === "key"),
    deps.limits,
    window,
    nowMs,
  );
  if (keyLockout.locked) return lockedOut(keyId, keyLockout.retryAfterSeconds);
  // A locked source still lets valid keys through (other tenants behind the same address); only what
  // does not check out is refused as locked out, so guessing from it stays pointless.
  const sourceLockout = lockoutOf(
    counts.filter(({ subject }) => subject.kind === "source"),
    deps.limits,
    window,
    nowMs,
  );

  const failure = async (reason: UnauthorizedReason): Promise<AuthorizationDecision> => {
    await deps.failures.record(subjects, window);
    return sourceLockout.locked
      ? lockedOut(keyId, sourceLockout.retryAfterSeconds)
      : { outcome: "unauthorized", reason, keyId };
  };
  if (parsed === null) return failure(keyText === null ? "missing" : "malformed");
  // Unknown ids still pay for a comparison, so the answer time says little about which check failed.
  const matches = secretMatches(parsed.secret, stored?.secretHash ?? "");
  if (stored === null) return failure("unknown-key");
  if (!matches) return failure("wrong-secret");
  const state = stateOf(stored, nowMs);
  if (state !== "active") return failure(state);

  const [service, lastUseNotRecorded] = await Promise.all([
    deps.services.get(stored.clientId),
    recordUse(deps, stored, nowMs),
  ]);
  if (service === null) return failure("unknown-service");
  const principal: KeyPrincipal = {
    keyId: stored.keyId,
    clientId: stored.clientId,
    keyScope: stored.scope,
    plan: service.plan,
    grants: grantsOf(stored.scope, service.plan),
  };
  const extra = lastUseNotRecorded === undefined ? {} : { lastUseNotRecorded };
  const denial = denialOf(principal, request.route);
  return denial === null
    ? { outcome: "allow", principal, ...extra }
    : { outcome: "deny", reason: denial, principal, ...extra };
}

function lockedOut(keyId: string | null, retryAfterSeconds: number): AuthorizationDecision {
  return { outcome: "unauthorized", reason: "locked-out", keyId, retryAfterSeconds };
}

function denialOf(principal: KeyPrincipal, route: ApiRoute | null): DenyReason | null {
  if (route === null) return "unknown-route";
  if (route.clientId !== principal.clientId) return "other-service";
  if (!principal.grants.includes(route.scope)) return "missing-scope";
  return null;
}

/**
 * Refreshes `lastUsedAt` when it is older than the resolution. A failure is returned, not thrown:
 * bookkeeping must not refuse a valid request.
 */
async function recordUse(deps: AuthorizeDeps, key: ApiKey, nowMs: number): Promise<unknown> {
  if (key.lastUsedAt !== null && nowMs - Date.parse(key.lastUsedAt) < LAST_USED_RESOLUTION_MS)
    return undefined;
  const since = new Date(nowMs - LAST_USED_RESOLUTION_MS).toISOString();
  try {
    await deps.apiKeys.recordUse(key.keyId, new Date(nowMs).toISOString(), since);
    return undefined;
  } catch (error) {
    return error ?? new Error("recording the key's use failed");
  }
}
