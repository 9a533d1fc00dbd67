import { erasureOutboxIdsOf, type ChainIntent } from "../../domain/chain/intent.js";
import type { PersonalDataCleanup } from "../../domain/retention/ports.js";
import type {
  DynamoDbChainRecordStore,
  ErasedProfile,
  ProfileOnchainRecord,
  WalletFlagRecord,
} from "../dynamodb/chain-record-store.js";
import type { DynamoDbFailedBatchStore } from "../dynamodb/chain-failed-batch-store.js";
import type { StoredBatch } from "../dynamodb/chain-tx-store.js";

export interface ConfirmedInclusion {
  hash: string;
  blockNumber: number;
  chainId: number;
  gasUsed: string;
  confirmedAt: string;
}

/**
 * Where a confirmed batch is recorded; erasures' outbox records are deleted through `outbox`, and their
 * intents leave parked batches through `failedBatches`.
 */
export interface OutcomeStores {
  records: Pick<DynamoDbChainRecordStore, "putConfirmed" | "forgetErased">;
  outbox: Pick<PersonalDataCleanup, "deleteOutboxRecords">;
  failedBatches: Pick<DynamoDbFailedBatchStore, "scrubErased">;
}

/** What a confirmed batch leaves behind: records to write, and erased profiles whose traces go. */
export interface ConfirmedBatchRecords {
  profiles: ProfileOnchainRecord[];
  wallets: WalletFlagRecord[];
  erased: ErasedProfile[];
  /** The erasures' outbox records (already published; they name the wallet). */
  erasureOutboxIds: string[];
}

/**
 * Records a confirmed batch: for each wallet its flag (the reconcile job's candidate list), and for each
 * profile whose intents it carried the confirmed on-chain state at the newest of those intents' versions.
 * A profile erased by its user (an erasure intent in the batch) gets none of that: its on-chain record
 * keeps only the applied version, the flag record naming it is deleted, and so is the erasure's outbox
 * record, and its intents leave any parked batch. Every write is idempotent: the caller marks the transaction final only afterwards, so a crash
 * in between repeats them. Returns how many wallets it recorded.
 */
export async function recordConfirmedBatch(
  stores: OutcomeStores,
  batch: StoredBatch,
  inclusion: ConfirmedInclusion,
): Promise<number> {
  const records = recordsOfConfirmedBatch(batch, inclusion);
  await stores.records.putConfirmed(records.profiles, records.wallets);
  if (records.erased.length > 0) {
    await stores.records.forgetErased(records.erased);
    await stores.failedBatches.scrubErased(records.erased);
    await stores.outbox.deleteOutboxRecords(records.erasureOutboxIds);
  }
  return batch.plan.actions.length;
}

/** The records a confirmed batch leaves (pure: what `recordConfirmedBatch` writes and deletes). */
export function recordsOfConfirmedBatch(
  batch: StoredBatch,
  inclusion: ConfirmedInclusion,
): ConfirmedBatchRecords {
  const erasedIn = erasedProfilesOf(batch);
  const result: ConfirmedBatchRecords = { profiles: [], wallets: [], erased: [], erasureOutboxIds: [] };
  const erased = new Map<string, ErasedProfile>();
  for (const action of batch.plan.actions) {
    const verifiedUntil = action.kind === "attest" ? action.expiresAt : 0;
    const lastIntent = action.intents[action.intents.length - 1];
    const flagRefId = action.kind === "attest" ? action.refId : (lastIntent?.refId ?? "");
    // A revoked flag naming an erased profile is not recorded (and `forgetErased` deletes the earlier
    // one); a flag re-attested for another holder of the wallet is that holder's and is recorded.
    if (!(action.kind === "revoke" && erasedIn.has(flagRefId))) {
      result.wallets.push({
        clientId: action.clientId,
        wallet: action.wallet,
        refId: flagRefId,
        verifiedUntil,
        txHash: inclusion.hash,
        blockNumber: inclusion.blockNumber,
        confirmedAt: inclusion.confirmedAt,
      });
    }
    for (const [refId, profileVersion] of newestVersionByProfile(action.intents)) {
      if (erasedIn.has(refId)) {
        const entry = erased.get(refId) ?? { clientId: action.clientId, refId, profileVersion, wallets: [] };
        entry.profileVersion = Math.max(entry.profileVersion, profileVersion);
        entry.wallets.push(action.wallet);
        erased.set(refId, entry);
        continue;
      }
      result.profiles.push({
        clientId: action.clientId,
        refId,
        chainId: inclusion.chainId,
        registry: batch.registry,
        serviceId: batch.serviceId,
        wallet: action.wallet,
        verifiedUntil: action.kind === "attest" && action.refId === refId ? verifiedUntil : 0,
        txHash: inclusion.hash,
        blockNumber: inclusion.blockNumber,
        txGasUsed: inclusion.gasUsed,
        profileVersion,
        confirmedAt: inclusion.confirmedAt,
      });
    }
    for (const intent of action.intents) {
      if (intent.source === "erasure") result.erasureOutboxIds.push(...erasureOutboxIdsOf(intent));
    }
  }
  result.erased = [...erased.values()];
  return result;
}

/** Profiles (by refId) the batch carried an erasure for: erasure is final, whatever else it carried. */
function erasedProfilesOf(batch: StoredBatch): Set<string> {
  return new Set(
    batch.plan.actions.flatMap((action) =>
      action.intents.filter((intent) => intent.source === "erasure").map((intent) => intent.refId),
    ),
  );
}

function newestVersionByProfile(intents: readonly ChainIntent[]): Map<string, number> {
  const versions = new Map<string, number>();
  for (const intent of intents) {
    versions.set(intent.refId, Math.max(versions.get(intent.refId) ?? 0, intent.profileVersion));
  }
  return versions;
}
