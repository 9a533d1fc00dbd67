import type { ChainIntent } from "../../domain/chain/intent.js";
import type {
  DynamoDbChainRecordStore,
  ProfileOnchainRecord,
  WalletFlagRecord,
} from "../dynamodb/chain-record-store.js";
import type { StoredBatch } from "../dynamodb/chain-tx-store.js";

export interface ConfirmedInclusion {
  hash: string;
  blockNumber: number;
  chainId: number;
  gasUsed: string;
  confirmedAt: string;
}

/**
 * Records a confirmed batch: for each wallet its flag (the reconcile job's candidate list), and for each
 * profile whose intents it carried the confirmed on-chain state at the newest of those intents' versions.
 * Returns how many wallets it recorded.
 */
export async function recordConfirmedBatch(
  records: DynamoDbChainRecordStore,
  batch: StoredBatch,
  inclusion: ConfirmedInclusion,
): Promise<number> {
  const wallets: WalletFlagRecord[] = [];
  const profiles: ProfileOnchainRecord[] = [];
  for (const action of batch.plan.actions) {
    const verifiedUntil = action.kind === "attest" ? action.expiresAt : 0;
    const lastIntent = action.intents[action.intents.length - 1];
    wallets.push({
      clientId: action.clientId,
      wallet: action.wallet,
      refId: action.kind === "attest" ? action.refId : (lastIntent?.refId ?? ""),
      verifiedUntil,
      txHash: inclusion.hash,
      blockNumber: inclusion.blockNumber,
      confirmedAt: inclusion.confirmedAt,
    });
    for (const [refId, profileVersion] of newestVersionByProfile(action.intents)) {
      profiles.push({
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
  }
  await records.putConfirmed(profiles, wallets);
  return batch.plan.actions.length;
}

function newestVersionByProfile(intents: readonly ChainIntent[]): Map<string, number> {
  const versions = new Map<string, number>();
  for (const intent of intents) {
    versions.set(intent.refId, Math.max(versions.get(intent.refId) ?? 0, intent.profileVersion));
  }
  return versions;
}
