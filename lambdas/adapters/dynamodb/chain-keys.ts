/**
 * Keys of the chain pipeline's items in the main table (new items beside those of keys.ts):
 * - `SIGNER#<address>` / `NONCE`: the signer's next nonce; `TX#<nonce>`: one transaction record per nonce;
 *   `VOIDTX#<resyncAt>#<nonce>`: records voided by `chain resync`; `AUDIT#<at>#<action>`: operator actions;
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
  voidedTx: "chain-voided-tx",
  signerAudit: "chain-signer-audit",
} as const;

const signerPartition = (signer: string) => `SIGNER#${signer.toLowerCase()}`;

export const nonceKey = (signer: string) => ({ pk: signerPartition(signer), sk: "NONCE" });

export const TX_SK_PREFIX = "TX#";
export const txKey = (signer: string, nonce: number) => ({
  pk: signerPartition(signer),
  sk: `${TX_SK_PREFIX}${String(nonce).padStart(16, "0")}`,
});
export const txPartition = signerPartition;

/**
 * A transaction record voided by `chain resync` (the chain forgot its nonce): moved out of `TX#` so the
 * nonce can be allocated again, kept under the resync that voided it.
 */
export const voidedTxKey = (signer: string, resyncAt: string, nonce: number) => ({
  pk: signerPartition(signer),
  sk: `VOIDTX#${resyncAt}#${String(nonce).padStart(16, "0")}`,
});

/** The signer's operator audit trail (`chain resync`), in time order. */
export const SIGNER_AUDIT_SK_PREFIX = "AUDIT#";
export const signerAuditKey = (signer: string, at: string, action: string) => ({
  pk: signerPartition(signer),
  sk: `${SIGNER_AUDIT_SK_PREFIX}${at}#${action}`,
});

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
