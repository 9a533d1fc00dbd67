import { deterministicId } from "../ids.js";
import type { ChainOutboxRecord } from "../outbox.js";

/**
 * Why an intent exists: a status change written to the outbox with the change itself, the revocation
 * of an erasure (a user's deletion request), or a repair decided by the reconcile job (or an operator
 * retry). Repairs may re-apply the profile version that is already recorded as applied, because the
 * chain drifted from what was recorded. An erasure is applied like a status change, and once it is
 * confirmed the pipeline forgets the profile's wallet (`recordConfirmedBatch`). A plan change queues
 * an attestation of every approved profile (onto a managed plan) or a revocation of every recorded flag
 * (off a managed plan), at the profile version already applied (`operator/change-plan.ts`).
 */
export type IntentSource = "status-change" | "erasure" | "repair" | "plan-change";

/** One instruction for the attester: make `wallet`'s flag for `clientId` follow `refId`'s status. */
export interface ChainIntent {
  /** The outbox id (status changes) or a deterministic repair id. */
  id: string;
  intent: "attest" | "revoke";
  clientId: string;
  refId: string;
  wallet: string;
  /** When the decision was made (ISO-8601); attestations expire relative to it. */
  at: string;
  profileVersion: number;
  source: IntentSource;
  /**
   * Repairs: when the reconcile run decided it (ISO-8601). A repair never re-applies a version confirmed
   * after that moment.
   */
  decidedAt?: string;
}

export function intentFromOutbox(record: ChainOutboxRecord): ChainIntent {
  return {
    id: record.id,
    intent: record.intent,
    clientId: record.clientId,
    refId: record.refId,
    wallet: record.wallet,
    at: record.at,
    profileVersion: record.profileVersion,
    source: record.erasure === true ? "erasure" : "status-change",
  };
}

/**
 * The outbox record an erasure's revocation was written as (`eraseProfile`'s id scheme): the intent's
 * own id, and the same record when a repair re-issues the revocation under a repair id.
 */
export function erasureOutboxIdsOf(intent: ChainIntent): string[] {
  const outboxId = deterministicId(intent.clientId, intent.refId, intent.profileVersion, "chain");
  return outboxId === intent.id ? [outboxId] : [intent.id, outboxId];
}

/** Wallets are compared case-insensitively (EIP-55 checksums are presentation). */
export function walletKeyOf(wallet: string): string {
  return wallet.trim().toLowerCase();
}

/** The identity of a flag: one per (service, wallet). */
export function flagKeyOf(clientId: string, wallet: string): string {
  return `${clientId}#${walletKeyOf(wallet)}`;
}
