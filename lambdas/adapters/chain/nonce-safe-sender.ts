import { Transaction } from "ethers";
import {
  FeeCapExceededError,
  initialFees,
  isStuck,
  replacementFees,
  type FeePolicy,
  type Fees,
} from "../../domain/chain/fee-policy.js";
import { assessInclusion, type Inclusion } from "../../domain/chain/inclusion.js";
import { gapWarningDue, nonceGapOf, type NonceGap } from "../../domain/chain/nonce-gap.js";
import type {
  DynamoDbChainTxStore,
  PendingTxRecord,
  RecordedNonceGap,
  StoredBatch,
} from "../dynamodb/chain-tx-store.js";
import type { ChainObserver } from "./chain-observer.js";
import { NonceGapError } from "./chain-errors.js";
import type { ReceiptSummary, RegistryClient } from "./registry-client.js";
import { signTransaction, type ChainSigner } from "./signer.js";

export interface SenderConfig {
  confirmations: number;
  stuckAfterMs: number;
  pollIntervalMs: number;
  feePolicy: FeePolicy;
}

/**
 * What one look at a pending transaction found; every final verdict is still pending in the store (with
 * its whole batch, so its effects can be recorded or its work re-queued before `markConfirmed` /
 * `conclude` prune it).
 */
export type Inspection =
  /** Not final yet (unmined, or mined with too few confirmations). */
  | { status: "pending"; tx: PendingTxRecord }
  /** Mined with enough confirmations: record its effect, then `markConfirmed`. */
  | { status: "confirmed"; tx: PendingTxRecord; receipt: ReceiptSummary }
  /** Mined but reverted; `errorName` is what the same call reverts with now (null: it would succeed now). */
  | { status: "reverted"; tx: PendingTxRecord; receipt: ReceiptSummary; errorName: string | null }
  /** Its nonce was used by a transaction the pipeline did not sign; the work was not done. */
  | { status: "superseded"; tx: PendingTxRecord };

/** The chain as one round of inspections sees it. */
export interface ChainView {
  head: number;
  minedNonce: number;
}

export interface SenderDeps {
  registry: RegistryClient;
  signer: ChainSigner;
  txStore: DynamoDbChainTxStore;
  observer: ChainObserver;
  config: SenderConfig;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Sends registry transactions so that a nonce is never wasted or reused for different work:
 * - the nonce is allocated together with the persisted signed transaction (one DynamoDB transaction),
 *   before the broadcast;
 * - a retry re-broadcasts the persisted bytes; a transaction stuck longer than `stuckAfterMs` is replaced
 *   with the SAME nonce and higher fees (the replacement is persisted first, too);
 * - every attempt's hash is checked for a receipt, and a receipt that disappears (reorg) sends the
 *   transaction back to waiting and re-broadcasting;
 * - transactions are pipelined: new nonces are signed while earlier ones are still pending, each one
 *   inspected (without waiting) by later runs until it is final.
 */
export class NonceSafeSender {
  private signerAddress: string | null = null;

  constructor(private readonly deps: SenderDeps) {}

  async address(): Promise<string> {
    this.signerAddress ??= await this.deps.signer.getAddress();
    return this.signerAddress;
  }

  /** Pending transactions of the signer, oldest nonce first. */
  async pendingTransactions(): Promise<PendingTxRecord[]> {
    return this.deps.txStore.listPending(await this.address());
  }

  /** Pending transactions, oldest nonce first, and the nonce gap recorded by an earlier run. */
  async pendingState(): Promise<{ pending: PendingTxRecord[]; nonceGap: RecordedNonceGap | null }> {
    return this.deps.txStore.pendingState(await this.address());
  }

  /**
   * Whether the chain forgot nonces below the oldest pending one (see `nonceGapOf`): raises the alarm
   * metric on every look, records the gap and logs it at most once a minute. A gap recorded earlier that
   * is gone now (the node caught up) is cleared.
   */
  async checkNonceGap(
    pending: readonly PendingTxRecord[],
    view: ChainView,
    recorded: RecordedNonceGap | null,
  ): Promise<NonceGap | null> {
    const gap = nonceGapOf({
      chainNonce: view.minedNonce,
      lowestPendingNonce: pending[0]?.nonce ?? null,
      storedNextNonce: null,
    });
    if (gap === null) {
      if (recorded !== null) {
        await this.deps.txStore.clearNonceGap(await this.address());
        this.deps.observer.info("the chain caught up with the signer's nonce; sending again", {
          chainNonce: view.minedNonce,
        });
      }
      return null;
    }
    await this.reportNonceGap(gap, recorded, pending.length);
    return gap;
  }

  private async reportNonceGap(gap: NonceGap, recorded: RecordedNonceGap | null, pending: number) {
    const signer = await this.address();
    this.deps.observer.count("ChainNonceGap");
    const warn = gapWarningDue(recorded?.warnedAt ?? null, this.deps.now());
    await this.deps.txStore.recordNonceGap(signer, {
      ...gap,
      detectedAt: recorded?.detectedAt ?? this.isoNow(),
      warnedAt: warn ? this.isoNow() : (recorded?.warnedAt ?? this.isoNow()),
    });
    if (warn) {
      this.deps.observer.error(
        "nonce gap: the chain forgot transactions of the signer; nothing is sent until it catches up or an operator runs `chain resync`",
        { signer, ...gap, pending, since: recorded?.detectedAt ?? this.isoNow() },
      );
    }
  }

  /**
   * The nonce for the next transaction. While transactions of ours are pending the pipeline's own counter
   * is the truth (the chain cannot count them yet, and their nonces must never be handed out again); with
   * nothing pending it is checked against the chain first.
   */
  async nextNonce(pendingCount: number): Promise<number> {
    if (pendingCount === 0) return this.syncedNextNonce();
    const next = await this.deps.txStore.nextNonce(await this.address());
    if (next === null)
      throw new NonceGapError("transactions are pending but the signer has no nonce record", {});
    return next;
  }

  /**
   * The next nonce to sign with, checked against the chain. Only call when nothing of ours is pending.
   * The key used elsewhere (chain ahead) moves the pipeline's nonce forward; a chain behind the
   * pipeline would mean a gap, so it stops with NonceGapError.
   */
  async syncedNextNonce(): Promise<number> {
    const signer = await this.address();
    const { registry, txStore } = this.deps;
    const onChain = await registry.nonceAt(signer, "latest");
    const stored = await txStore.nextNonce(signer);
    if (stored === null) {
      await txStore.initNonce(signer, registry.chainId, onChain, this.isoNow());
      return (await txStore.nextNonce(signer)) ?? onChain;
    }
    if (onChain > stored) {
      this.deps.observer.warn("the signer's nonce was used outside the pipeline; moving forward", {
        signer,
        stored,
        onChain,
      });
      this.deps.observer.count("ChainNonceResynced");
      await txStore.advanceNonce(signer, stored, onChain, this.isoNow());
      return onChain;
    }
    if (onChain < stored) {
      const { nonceGap } = await txStore.pendingState(signer);
      await this.reportNonceGap({ chainNonce: onChain, expectedNonce: stored }, nonceGap, 0);
      throw new NonceGapError("the chain's nonce is behind the pipeline's although nothing is pending", {
        signer,
        stored,
        onChain,
      });
    }
    return stored;
  }

  /** Signs `data` for `nonce`, persists it (allocating the nonce), then broadcasts it. */
  async send(batch: StoredBatch, data: string, gasLimit: bigint, nonce: number): Promise<PendingTxRecord> {
    const signer = await this.address();
    const fees = initialFees(await this.deps.registry.feeMarket(), this.deps.config.feePolicy);
    const signed = await this.sign(nonce, data, gasLimit, fees);
    const at = this.isoNow();
    const tx: PendingTxRecord = {
      signer,
      chainId: this.deps.registry.chainId,
      nonce,
      status: "pending",
      batch,
      gasLimit: gasLimit.toString(),
      rawTx: signed.rawTx,
      attempts: [{ hash: signed.hash, ...feesToStrings(fees), broadcastAt: at }],
      inclusion: null,
      gasUsed: null,
      outcome: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.deps.txStore.createTx(tx);
    this.deps.observer.count("ChainTxSent");
    await this.broadcast(tx);
    return tx;
  }

  /**
   * One look at a pending transaction, without waiting: whether it is final (confirmed, reverted,
   * superseded) or still pending, re-broadcasting or replacing it as needed. A final verdict is NOT
   * written yet: the caller records its effect (or re-queues its work) first and then calls
   * `markConfirmed` / `conclude`, so a crash in between finds the transaction again and loses nothing.
   */
  async inspect(initial: PendingTxRecord, view?: ChainView): Promise<Inspection> {
    let tx = initial;
    const { registry, txStore, observer, config } = this.deps;
    try {
      const receipt = await this.findReceipt(tx);
      const head = view?.head ?? (await registry.headBlockNumber());
      const canonical = receipt === null ? null : await registry.blockHashAt(receipt.blockNumber);
      const state = assessInclusion({
        previous: tx.inclusion,
        current: receipt === null ? null : toInclusion(receipt),
        canonicalHashAtCurrent: canonical,
        headBlockNumber: head,
        requiredConfirmations: config.confirmations,
      });
      switch (state.state) {
        case "confirmed":
          return { status: "confirmed", tx, receipt: receipt as ReceiptSummary };
        case "reverted": {
          const errorName = await registry.simulate(tx.signer, dataOf(tx));
          return {
            status: "reverted",
            tx: { ...tx, inclusion: state.inclusion },
            receipt: receipt as ReceiptSummary,
            errorName,
          };
        }
        case "confirming":
          if (!sameInclusion(tx.inclusion, state.inclusion)) {
            tx = await txStore.recordInclusion(tx, state.inclusion, this.isoNow());
          }
          return { status: "pending", tx };
        case "reorged":
          observer.warn("a reorg removed the transaction's block; waiting for it again", {
            nonce: tx.nonce,
            previousBlock: state.previous.blockNumber,
          });
          observer.count("ChainReorgDetected");
          tx = await txStore.recordInclusion(tx, state.current, this.isoNow());
          if (state.current === null) await this.broadcast(tx);
          return { status: "pending", tx };
        case "unmined":
          if (await this.supersededBy(tx, head, view)) {
            // Declaring a nonce lost to someone else re-plans the work with a new nonce, so it needs the
            // same verdict on a second look (a node may count a nonce a moment before it serves the receipt).
            await this.deps.sleep(config.pollIntervalMs);
            if (await this.supersededBy(tx, await registry.headBlockNumber())) {
              return { status: "superseded", tx };
            }
            return { status: "pending", tx };
          }
          return { status: "pending", tx: await this.replaceOrRebroadcast(tx) };
      }
    } catch (error) {
      // The node is unreachable or answered badly: the transaction stays pending for the next look.
      observer.warn("could not inspect a pending transaction", { nonce: tx.nonce, error: describe(error) });
      return { status: "pending", tx };
    }
  }

  /**
   * The head block and the signer's mined nonce count at it: read once for a round of `inspect` calls
   * (each transaction would otherwise ask for both again).
   */
  async chainView(): Promise<ChainView> {
    const head = await this.deps.registry.headBlockNumber();
    return { head, minedNonce: await this.deps.registry.nonceAt(await this.address(), head) };
  }

  /** Ends a reverted or superseded transaction once its work is parked or re-queued. */
  async conclude(inspection: Extract<Inspection, { status: "reverted" | "superseded" }>): Promise<void> {
    const { tx } = inspection;
    if (inspection.status === "reverted") {
      await this.deps.txStore.recordInclusion(tx, tx.inclusion, this.isoNow());
      await this.deps.txStore.finish(tx, "reverted", {
        outcome: inspection.errorName ?? "reverted; the same call succeeds now",
        gasUsed: inspection.receipt.gasUsed.toString(),
        at: this.isoNow(),
      });
      return;
    }
    await this.deps.txStore.finish(tx, "superseded", {
      outcome: "nonce used by a transaction the pipeline did not sign",
      gasUsed: null,
      at: this.isoNow(),
    });
    this.deps.observer.count("ChainTxSuperseded");
  }

  /** Ends a confirmed transaction once its effects are recorded. */
  async markConfirmed(tx: PendingTxRecord, receipt: ReceiptSummary): Promise<void> {
    await this.deps.txStore.recordInclusion(tx, toInclusion(receipt), this.isoNow());
    await this.deps.txStore.finish(tx, "confirmed", {
      outcome: "confirmed",
      gasUsed: receipt.gasUsed.toString(),
      at: this.isoNow(),
    });
    this.deps.observer.count("ChainTxConfirmed");
  }

  private async findReceipt(tx: PendingTxRecord): Promise<ReceiptSummary | null> {
    // Newest attempt first: a replacement is the likeliest to have landed, but any attempt may have.
    for (const attempt of [...tx.attempts].reverse()) {
      const receipt = await this.deps.registry.receipt(attempt.hash);
      if (receipt !== null) return receipt;
    }
    return null;
  }

  /** The chain counted past our nonce at `head` yet none of our attempts has a receipt: someone else used it. */
  private async supersededBy(tx: PendingTxRecord, head: number, view?: ChainView): Promise<boolean> {
    const minedNonce = view?.minedNonce ?? (await this.deps.registry.nonceAt(tx.signer, head));
    if (minedNonce <= tx.nonce) return false;
    return (await this.findReceipt(tx)) === null;
  }

  private async replaceOrRebroadcast(tx: PendingTxRecord): Promise<PendingTxRecord> {
    const latest = tx.attempts[tx.attempts.length - 1];
    if (latest === undefined) throw new Error("a transaction record always has an attempt");
    if (!isStuck(Date.parse(latest.broadcastAt), this.deps.now(), this.deps.config.stuckAfterMs)) {
      if (!(await this.deps.registry.isKnown(latest.hash))) {
        // Lost from the node's pool (restart, eviction, reorg): the same bytes, the same nonce.
        this.deps.observer.count("ChainTxRebroadcast");
        await this.broadcast(tx);
      }
      return tx;
    }
    let fees: Fees;
    try {
      fees = replacementFees(
        feesOf(latest),
        await this.deps.registry.feeMarket(),
        this.deps.config.feePolicy,
      );
    } catch (error) {
      if (!(error instanceof FeeCapExceededError)) throw error;
      this.deps.observer.error("a stuck transaction cannot be replaced within the fee cap", {
        nonce: tx.nonce,
        ...error.context,
      });
      await this.broadcast(tx);
      return tx;
    }
    const signed = await this.sign(tx.nonce, dataOf(tx), BigInt(tx.gasLimit), fees);
    const replaced = await this.deps.txStore.addAttempt(
      tx,
      { hash: signed.hash, ...feesToStrings(fees), broadcastAt: this.isoNow() },
      signed.rawTx,
    );
    this.deps.observer.info("replaced a stuck transaction with higher fees", {
      nonce: tx.nonce,
      previousHash: latest.hash,
      hash: signed.hash,
      maxFeePerGas: fees.maxFeePerGas.toString(),
    });
    this.deps.observer.count("ChainTxReplaced");
    await this.broadcast(replaced);
    return replaced;
  }

  private async sign(nonce: number, data: string, gasLimit: bigint, fees: Fees) {
    return signTransaction(this.deps.signer, {
      chainId: BigInt(this.deps.registry.chainId),
      nonce,
      to: this.deps.registry.address,
      data,
      gasLimit,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      value: 0n,
    });
  }

  /** Best effort: the outcome is learned by inspecting the chain, whatever the node answers here. */
  private async broadcast(tx: PendingTxRecord): Promise<void> {
    try {
      await this.deps.registry.sendRawTransaction(tx.rawTx);
    } catch (error) {
      this.deps.observer.warn("broadcast failed; the transaction will be inspected and retried", {
        nonce: tx.nonce,
        error: describe(error),
      });
      this.deps.observer.count("ChainBroadcastFailed");
    }
  }

  private isoNow(): string {
    return new Date(this.deps.now()).toISOString();
  }
}

function toInclusion(receipt: ReceiptSummary): Inclusion {
  return {
    hash: receipt.hash,
    blockNumber: receipt.blockNumber,
    blockHash: receipt.blockHash,
    succeeded: receipt.succeeded,
  };
}

function sameInclusion(a: Inclusion | null, b: Inclusion): boolean {
  return a !== null && a.hash === b.hash && a.blockHash === b.blockHash;
}

function dataOf(tx: PendingTxRecord): string {
  return Transaction.from(tx.rawTx).data;
}

function feesOf(attempt: { maxFeePerGas: string; maxPriorityFeePerGas: string }): Fees {
  return {
    maxFeePerGas: BigInt(attempt.maxFeePerGas),
    maxPriorityFeePerGas: BigInt(attempt.maxPriorityFeePerGas),
  };
}

function feesToStrings(fees: Fees) {
  return {
    maxFeePerGas: fees.maxFeePerGas.toString(),
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
  };
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}`;
  return String(error);
}
