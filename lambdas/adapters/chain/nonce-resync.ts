import { planResync } from "../../domain/chain/nonce-gap.js";
import type { ChainResyncAudit } from "../dynamodb/chain-tx-store.js";
import type { ReconcileFunctionDeps } from "./chain-from-env.js";
import { ChainPipelineError } from "./chain-errors.js";
import { runReconcile, type ReconcileReport } from "./reconcile-run.js";

/** `chain resync` found no gap: the chain counts every nonce the pipeline allocated as final. */
export class NoNonceGapError extends ChainPipelineError {
  override readonly name: string = "NoNonceGapError";
}

export interface ResyncReport extends Omit<ChainResyncAudit, "action"> {
  voided: { nonce: number; status: string }[];
  /** The reconcile run that re-derives the flags the forgotten chain held from the profiles. */
  reconcile: ReconcileReport;
}

/**
 * The operator's recovery from a nonce gap (the chain forgot transactions of the signer): re-queues the
 * intents of the pending transactions, voids every transaction record at or above the chain's nonce
 * (moved out of the way, so those nonces can be allocated again), restarts the signer's nonce at the
 * chain's count with an audit entry naming the operator, and runs reconcile, whose repairs re-attest
 * what the forgotten chain had confirmed. Each step can be repeated: a resync interrupted half-way is
 * finished by running it again.
 */
export async function resyncSignerNonce(
  deps: ReconcileFunctionDeps,
  operator: string,
): Promise<ResyncReport> {
  const { txStore, registry, queue, observer, signerAddress: signer } = deps;
  const [chainNonce, storedNextNonce, pending] = await Promise.all([
    registry.nonceAt(signer, "latest"),
    txStore.nextNonce(signer),
    txStore.listPending(signer),
  ]);
  const plan = planResync({ chainNonce, storedNextNonce, pendingNonces: pending.map((tx) => tx.nonce) });
  if (plan === null) {
    throw new NoNonceGapError(
      `no nonce gap: the chain's nonce ${chainNonce} is not below the pipeline's ${pending[0]?.nonce ?? storedNextNonce}; nothing to resync`,
      { signer, chainNonce, storedNextNonce },
    );
  }
  const at = new Date(deps.now()).toISOString();
  let requeuedIntents = 0;
  for (const tx of pending) {
    const intents = tx.batch.plan.actions.flatMap((action) => action.intents);
    const lastAttempt = tx.attempts.at(-1)?.hash ?? "";
    // The same deduplication id as a re-run of this resync: the FIFO queue keeps one copy.
    await queue.publish(intents, `resync:${signer}:${tx.nonce}:${lastAttempt}`);
    requeuedIntents += intents.length;
  }
  const records = await txStore.listRange(signer, plan.toNonce, plan.fromNonce);
  for (const record of records) {
    await txStore.voidTx(
      record,
      at,
      `the chain forgot nonce ${record.nonce} (it counted ${chainNonce}); voided by chain resync`,
    );
  }
  const audit: ChainResyncAudit = {
    action: "CHAIN_RESYNC",
    signer,
    chainId: registry.chainId,
    operator,
    at,
    fromNonce: plan.fromNonce,
    toNonce: plan.toNonce,
    voidedTransactions: records.length,
    requeuedIntents,
  };
  await txStore.resetNonce(signer, plan.fromNonce, audit);
  observer.count("ChainNonceResyncedByOperator");
  observer.info("chain resync: the signer's nonce restarts at the chain's", { ...audit });
  const reconcile = await runReconcile(deps);
  const { action: _action, ...fields } = audit;
  return {
    ...fields,
    voided: records.map((record) => ({ nonce: record.nonce, status: record.status })),
    reconcile,
  };
}
