/**
 * Keys of the chain pipeline's items in the main table (new items beside those of keys.ts):
 * - `SIGNER#<address>` / `NONCE`: the signer's next nonce; `TX#<nonce>`: one transaction record per nonce;
 * - `CHAINFAIL` / `<batchId>`: batches the registry refused, for an operator to retry;
 * - `PROFILE#<clientId>#<refId>` / `CHAIN`: the profile's on-chain record (the status API reads it);
 * - `CHAINFLAG#<clientId>#<shard>` / `<wallet>`: every wallet the pipeline flagged per service, spread
 *   over 16 partitions by the wallet's first hex digit, for the reconcile job.
 */
import { profilePartition } from "./keys.js";

export const CHAIN_ENTITY = {
  nonce: "chain-nonce",
  tx: "chain-tx",
  failedBatch: "chain-failed-batch",
  profileRecord: "chain-profile-record",
  walletFlag: "chain-wallet-flag",
} as const;

const signerPartition = (signer: string) => `SIGNER#${signer.toLowerCase()}`;

export const nonceKey = (signer: string) => ({ pk: signerPartition(signer), sk: "NONCE" });

export const TX_SK_PREFIX = "TX#";
export const txKey = (signer: string, nonce: number) => ({
  pk: signerPartition(signer),
  sk: `${TX_SK_PREFIX}${String(nonce).padStart(16, "0")}`,
});
export const txPartition = signerPartition;

export const FAILED_BATCH_PARTITION = "CHAINFAIL";
export const failedBatchKey = (batchId: string) => ({ pk: FAILED_BATCH_PARTITION, sk: batchId });

export const profileChainKey = (clientId: string, refId: string) => ({
  pk: profilePartition(clientId, refId),
  sk: "CHAIN",
});

export const WALLET_SHARDS = "0123456789abcdef".split("");
export const walletFlagPartition = (clientId: string, shard: string) => `CHAINFLAG#${clientId}#${shard}`;
export const walletFlagKey = (clientId: string, wallet: string) => {
  const normalized = wallet.toLowerCase();
  const shard = normalized.charAt(2);
  if (!/^0x[0-9a-f]{40}$/.test(normalized)) throw new Error(`not a wallet address: ${wallet}`);
  return { pk: walletFlagPartition(clientId, shard), sk: normalized };
};
