import type { ApiKeyScope } from "./scopes.js";

/** A stored API key. The secret itself is never stored, only `secretHash`. */
export interface ApiKey {
  /** Public id (the `<keyId>` part of the key): names the stored record, safe to log. */
  keyId: string;
  /** The service the key belongs to. */
  clientId: string;
  scope: ApiKeyScope;
  /** SHA-256 of the secret, lower-case hex. */
  secretHash: string;
  status: "active" | "revoked";
  createdAt: string;
  /** The operator who created it. */
  createdBy: string;
  /** Updated at most once a minute by the authorizer; null until first use. */
  lastUsedAt: string | null;
  /** Epoch seconds after which the key stops working (a rotated-out key); null: no end. */
  expiresAt: number | null;
  revokedAt: string | null;
  revokedBy: string | null;
  /** The key this one replaced (rotation), and the key that replaced it. */
  rotatedFrom: string | null;
  replacedBy: string | null;
}

/** A key as operators see it: everything but the hash. */
export type ApiKeySummary = Omit<ApiKey, "secretHash">;

export type ApiKeyState = "active" | "revoked" | "expired";

export function stateOf(key: Pick<ApiKey, "status" | "expiresAt">, epochMs: number): ApiKeyState {
  if (key.status === "revoked") return "revoked";
  if (key.expiresAt !== null && epochMs >= key.expiresAt * 1000) return "expired";
  return "active";
}

export function summaryOfKey(key: ApiKey): ApiKeySummary {
  const { secretHash: _secretHash, ...summary } = key;
  return summary;
}
