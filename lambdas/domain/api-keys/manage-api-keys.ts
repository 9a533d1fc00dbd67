import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import type { Clock, ServiceRepository } from "../ports.js";
import { operatorAuditEntry, type ServiceAuditAction, type ServiceAuditEntry } from "../service-audit.js";
import { stateOf, summaryOfKey, type ApiKey, type ApiKeySummary } from "./api-key.js";
import { isKeyId } from "./key-format.js";
import { newApiKeyMaterial, type RandomBytes } from "./key-material.js";
import type { ApiKeyStore } from "./ports.js";
import { assertScopeAllowed, type ApiKeyScope } from "./scopes.js";

/** Operator use cases: create, list, revoke and rotate a service's API keys. */
export interface ManageApiKeysDeps {
  apiKeys: ApiKeyStore;
  services: Pick<ServiceRepository, "get">;
  clock: Clock;
  randomBytes: RandomBytes;
}

/** A rotated-out key keeps working this long unless told otherwise, so clients can switch over. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 60 * 60;
export const MAX_ROTATION_OVERLAP_SECONDS = 30 * 24 * 60 * 60;

export interface IssuedApiKey {
  /** The whole key. Shown to the operator once; only its hash is kept. */
  plaintext: string;
  key: ApiKeySummary;
}

export interface RotatedApiKey extends IssuedApiKey {
  previous: ApiKeySummary;
}

export async function createApiKey(
  deps: ManageApiKeysDeps,
  input: { clientId: string; scope: string; operator: string },
): Promise<IssuedApiKey> {
  const service = await deps.services.get(input.clientId);
  if (service === null) {
    throw new NotFoundError(`no service ${input.clientId}`, { context: { clientId: input.clientId } });
  }
  assertScopeAllowed(input.scope, service.plan, service.clientId);
  const scope = input.scope;
  return issue(
    deps,
    { clientId: service.clientId, scope, createdBy: input.operator, rotatedFrom: null },
    (key) =>
      deps.apiKeys.create(
        key,
        keyAudit(key.clientId, "API_KEY_CREATED", input.operator, key.createdAt, { keyId: key.keyId, scope }),
      ),
  );
}

export async function listApiKeys(
  deps: Pick<ManageApiKeysDeps, "apiKeys" | "services">,
  input: { clientId: string },
): Promise<ApiKeySummary[]> {
  if ((await deps.services.get(input.clientId)) === null) {
    throw new NotFoundError(`no service ${input.clientId}`, { context: { clientId: input.clientId } });
  }
  return deps.apiKeys.listByService(input.clientId);
}

/** Revokes a key at once (idempotent: revoking a revoked key reports it unchanged). */
export async function revokeApiKey(
  deps: Pick<ManageApiKeysDeps, "apiKeys" | "clock">,
  input: { clientId: string; keyId: string; operator: string },
): Promise<ApiKeySummary> {
  const key = await requireKey(deps, input.clientId, input.keyId);
  if (key.status === "revoked") return summaryOfKey(key);
  const at = deps.clock.now();
  await deps.apiKeys.revoke({
    keyId: key.keyId,
    clientId: key.clientId,
    at,
    by: input.operator,
    audit: keyAudit(key.clientId, "API_KEY_REVOKED", input.operator, at, { keyId: key.keyId }),
  });
  return summaryOfKey({ ...key, status: "revoked", revokedAt: at, revokedBy: input.operator });
}

/**
 * Issues a new key with the same scope and lets the old one work for `overlapSeconds` more, so
 * clients can switch without downtime. Only an active key can be rotated; an old key that already
 * ends sooner keeps its earlier end.
 */
export async function rotateApiKey(
  deps: ManageApiKeysDeps,
  input: { clientId: string; keyId: string; overlapSeconds?: number; operator: string },
): Promise<RotatedApiKey> {
  const overlapSeconds = input.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  if (!isOverlap(overlapSeconds)) {
    throw new ValidationError(
      `overlapSeconds must be an integer from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}`,
      "overlapSeconds",
    );
  }
  const old = await requireKey(deps, input.clientId, input.keyId);
  const nowMs = Date.parse(deps.clock.now());
  const state = stateOf(old, nowMs);
  if (state !== "active") {
    throw new ConflictError(`key ${old.keyId} is ${state} and cannot be rotated`, {
      context: { clientId: old.clientId, keyId: old.keyId, state },
    });
  }
  const requestedEnd = Math.floor(nowMs / 1000) + overlapSeconds;
  const expiresAt = old.expiresAt === null ? requestedEnd : Math.min(old.expiresAt, requestedEnd);
  const issued = await issue(
    deps,
    { clientId: old.clientId, scope: old.scope, createdBy: input.operator, rotatedFrom: old.keyId },
    (replacement) =>
      deps.apiKeys.rotate({
        keyId: old.keyId,
        clientId: old.clientId,
        expiresAt,
        replacement,
        audit: keyAudit(old.clientId, "API_KEY_ROTATED", input.operator, replacement.createdAt, {
          keyId: replacement.keyId,
          previousKeyId: old.keyId,
          previousKeyEndsAt: new Date(expiresAt * 1000).toISOString(),
        }),
      }),
  );
  return { ...issued, previous: summaryOfKey({ ...old, expiresAt, replacedBy: issued.key.keyId }) };
}

function keyAudit(
  clientId: string,
  action: ServiceAuditAction,
  operator: string,
  at: string,
  details: Record<string, string>,
): ServiceAuditEntry {
  return operatorAuditEntry({ clientId, action, operator, at, details });
}

function isOverlap(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_ROTATION_OVERLAP_SECONDS;
}

interface NewKeyFields {
  clientId: string;
  scope: ApiKeyScope;
  createdBy: string;
  rotatedFrom: string | null;
}

/** Key id collisions (80 random bits) are retried with fresh material; anything else propagates. */
const ISSUE_ATTEMPTS = 3;

async function issue(
  deps: Pick<ManageApiKeysDeps, "clock" | "randomBytes">,
  fields: NewKeyFields,
  store: (key: ApiKey) => Promise<void>,
): Promise<IssuedApiKey> {
  for (let attempt = 1; ; attempt += 1) {
    const material = newApiKeyMaterial(deps.randomBytes);
    const key: ApiKey = {
      ...fields,
      keyId: material.keyId,
      secretHash: material.secretHash,
      status: "active",
      createdAt: deps.clock.now(),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      revokedBy: null,
      replacedBy: null,
    };
    try {
      await store(key);
      return { plaintext: material.plaintext, key: summaryOfKey(key) };
    } catch (error) {
      const collided = error instanceof ConflictError && error.context.collision === "keyId";
      if (!collided || attempt >= ISSUE_ATTEMPTS) throw error;
    }
  }
}

/** The key `keyId` of service `clientId`; another service's key is reported as unknown. */
async function requireKey(
  deps: Pick<ManageApiKeysDeps, "apiKeys">,
  clientId: string,
  keyId: string,
): Promise<ApiKey> {
  if (!isKeyId(keyId)) throw new ValidationError("keyId must be 16 characters of a-z and 2-7", "keyId");
  const key = await deps.apiKeys.get(keyId);
  if (key === null || key.clientId !== clientId) {
    throw new NotFoundError(`service ${clientId} has no key ${keyId}`, { context: { clientId, keyId } });
  }
  return key;
}
