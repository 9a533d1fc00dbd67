import type { ServiceAuditEntry } from "../service-audit.js";
import type { ApiKey, ApiKeySummary } from "./api-key.js";
import type { FailureSubject, FailureWindow } from "./failure-limiter.js";

/**
 * Stored API keys: one record per key id, listed per service. Every change is written in one transaction
 * with the operator's audit entry (`audit`).
 */
export interface ApiKeyStore {
  get(keyId: string): Promise<ApiKey | null>;
  /** Stores a new key; a ConflictError if the key id exists (a 80-bit collision: retry). */
  create(key: ApiKey, audit: ServiceAuditEntry): Promise<void>;
  /** A service's keys, oldest first, never with their hashes. */
  listByService(clientId: string): Promise<ApiKeySummary[]>;
  /** Marks an active key of `clientId` revoked; a ConflictError if it is not active any more. */
  revoke(change: {
    keyId: string;
    clientId: string;
    at: string;
    by: string;
    audit: ServiceAuditEntry;
  }): Promise<void>;
  /**
   * In one transaction: stores `replacement` and gives the active key `keyId` of `clientId` an end
   * (`expiresAt`, epoch seconds); a ConflictError if that key is not active any more.
   */
  rotate(change: {
    keyId: string;
    clientId: string;
    expiresAt: number;
    replacement: ApiKey;
    audit: ServiceAuditEntry;
  }): Promise<void>;
  /** Sets `lastUsedAt` unless it is already at or after `unlessSince` (a cheap conditional write). */
  recordUse(keyId: string, at: string, unlessSince: string): Promise<void>;
}

/** Failed-authentication counters, one per subject and window, which expire after their window. */
export interface AuthFailureCounter {
  /** Failures so far in `window`, in the order of `subjects`. */
  counts(subjects: readonly FailureSubject[], window: FailureWindow): Promise<number[]>;
  /** Adds one failure for each subject (atomic increments). */
  record(subjects: readonly FailureSubject[], window: FailureWindow): Promise<void>;
}
