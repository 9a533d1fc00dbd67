import { normalizeWallet } from "../../domain/dedup/identifiers.js";
import { halve, planBatches, type PlannedBatch } from "../../domain/chain/batch-plan.js";
import { coalesceByWallet } from "../../domain/chain/coalesce.js";
import { refusalHandlingOf } from "../../domain/chain/failure-policy.js";
import { fitsUnderGasCap, gasLimitFor } from "../../domain/chain/gas-budget.js";
import type { ChainIntent } from "../../domain/chain/intent.js";
import { isApplicable } from "../../domain/chain/staleness.js";
import {
  resolveWalletAction,
  type WalletAction,
  type WalletHolder,
} from "../../domain/chain/wallet-action.js";
import { deterministicId } from "../../domain/ids.js";
import type { IdentifierHasher, IdentifierIndex, ServiceRepository } from "../../domain/ports.js";
import { entitlementsOf, type Service } from "../../domain/service.js";
import type { DynamoDbChainRecordStore } from "../dynamodb/chain-record-store.js";
import type { DynamoDbFailedBatchStore } from "../dynamodb/chain-failed-batch-store.js";
import type { ChainTxRecord, StoredBatch } from "../dynamodb/chain-tx-store.js";
import { RegistryPausedError, WorkNotAppliedError } from "./chain-errors.js";
import type { ChainObserver } from "./chain-observer.js";
import { mapWithConcurrency } from "./concurrency.js";
import type { NonceSafeSender, Settlement } from "./nonce-safe-sender.js";
import { recordConfirmedBatch } from "./outcome-recorder.js";
import type { RefKeySalt } from "./refkey-salt.js";
import { refKeyOf } from "./registry-codec.js";
import type { RegistryClient } from "./registry-client.js";
import { RegistryRevertError } from "./registry-errors.js";

export interface AttesterConfig {
  maxWalletsPerTx: number;
  /** An attestation expiring sooner than this is not sent (the registry would refuse the batch). */
  minRemainingSeconds: number;
}

export interface AttesterDeps {
  sender: NonceSafeSender;
  registry: RegistryClient;
  records: DynamoDbChainRecordStore;
  failedBatches: DynamoDbFailedBatchStore;
  services: ServiceRepository;
  index: IdentifierIndex;
  hasher: IdentifierHasher;
  salt: RefKeySalt;
  observer: ChainObserver;
  config: AttesterConfig;
  now: () => number;
}

export interface AttesterReport {
  /** Transactions of earlier runs that this run waited for. */
  recovered: number;
  intents: number;
  /** Already applied (duplicates, redeliveries, superseded versions). */
  stale: number;
  /** For services without on-chain KYC or not registered on the registry. */
  skipped: number;
  transactions: number;
  flagsConfirmed: number;
  failedBatches: number;
  gasUsed: bigint;
  /** Where the run's time went (ms): earlier transactions, planning, signing and sending, confirming and recording. */
  phaseMs: { recover: number; plan: number; send: number; confirm: number };
}

const LOOKUP_CONCURRENCY = 16;

/**
 * One attester run over a set of intents (the chain queue messages of one invocation, in order):
 * 1. settle every transaction an earlier run left pending (re-broadcast, replace, confirm, record);
 * 2. drop intents already applied, coalesce per wallet, resolve revokes against the wallet's other
 *    holders, plan bounded batches and send them with consecutive nonces;
 * 3. wait for their confirmations and record the results.
 * Throws RegistryPausedError / WorkNotAppliedError / SettleTimeoutError when work must be retried
 * (the caller keeps the messages queued); refused batches are parked as failed batches instead.
 */
export async function runAttester(
  deps: AttesterDeps,
  intents: readonly ChainIntent[],
  deadlineMs: number,
): Promise<AttesterReport> {
  const report: AttesterReport = {
    recovered: 0,
    intents: intents.length,
    stale: 0,
    skipped: 0,
    transactions: 0,
    flagsConfirmed: 0,
    failedBatches: 0,
    gasUsed: 0n,
    phaseMs: { recover: 0, plan: 0, send: 0, confirm: 0 },
  };
  let phaseStart = deps.now();
  const endPhase = (phase: keyof AttesterReport["phaseMs"]) => {
    const now = deps.now();
    report.phaseMs[phase] += now - phaseStart;
    phaseStart = now;
  };
  const retry = { paused: false, notApplied: 0 };

  for (const tx of await deps.sender.pendingTransactions()) {
    report.recovered += 1;
    const settlement = await deps.sender.settle(tx, deadlineMs);
    // Work an earlier run did not get applied comes back with the redelivered messages: nothing to do.
    await applySettlement(deps, settlement, report, { paused: false, notApplied: 0 });
  }
  endPhase("recover");
  if (intents.length === 0) return report;

  const services = await loadOnchainServices(deps, intents);
  const eligible = intents.filter((intent) => services.has(intent.clientId));
  report.skipped = intents.length - eligible.length;
  if (report.skipped > 0) deps.observer.count("ChainIntentsSkipped", report.skipped);

  const applied = await deps.records.appliedVersions(eligible);
  const applicable = eligible.filter((intent) => {
    const version = applied.get(`${intent.clientId}#${intent.refId}`);
    return isApplicable(intent, version === undefined ? null : { profileVersion: version });
  });
  report.stale = eligible.length - applicable.length;
  if (report.stale > 0) deps.observer.count("ChainIntentsStale", report.stale);

  const nowSeconds = Math.floor(deps.now() / 1000);
  const actions = await mapWithConcurrency(
    coalesceByWallet(applicable),
    LOOKUP_CONCURRENCY,
    async (entry) => {
      const service = services.get(entry.winner.clientId) as Service;
      const holders = entry.winner.intent === "revoke" ? await holdersOf(deps, entry.winner) : [];
      return resolveWalletAction(entry.winner, [...entry.superseded, entry.winner], holders, {
        validityDays: service.attestationValidityDays,
        nowSeconds,
        minRemainingSeconds: deps.config.minRemainingSeconds,
      });
    },
  );
  const batches = planBatches(actions, deps.config.maxWalletsPerTx);
  if (batches.length === 0) return report;

  if (await deps.registry.isPaused()) {
    deps.observer.count("ChainRegistryPaused");
    throw new RegistryPausedError("registry writes are paused; the work stays queued", {
      batches: batches.length,
    });
  }

  endPhase("plan");
  const signer = await deps.sender.address();
  let nonce = await deps.sender.syncedNextNonce();
  const sent: ChainTxRecord[] = [];
  const queue: PlannedBatch[] = [...batches];
  while (queue.length > 0 && !retry.paused) {
    const batch = queue.shift() as PlannedBatch;
    const service = services.get(batch.clientId) as Service;
    const stored = storedBatchOf(deps, batch, service);
    const data = calldataOf(deps, batch, service);
    let gas: bigint;
    try {
      gas = await deps.registry.estimateGas(signer, data);
    } catch (error) {
      if (!(error instanceof RegistryRevertError)) throw error;
      await handleRefusal(deps, stored, error.errorName, null, report, retry);
      continue;
    }
    if (!fitsUnderGasCap(gas) && batch.actions.length > 1) {
      queue.unshift(...halve(batch));
      continue;
    }
    sent.push(await deps.sender.send(stored, data, gasLimitFor(gas), nonce));
    nonce += 1;
    report.transactions += 1;
  }

  endPhase("send");
  for (const tx of sent) {
    await applySettlement(deps, await deps.sender.settle(tx, deadlineMs), report, retry);
  }
  endPhase("confirm");
  if (retry.paused) {
    deps.observer.count("ChainRegistryPaused");
    throw new RegistryPausedError("registry writes are paused; the work stays queued", {});
  }
  if (retry.notApplied > 0) {
    throw new WorkNotAppliedError("some transactions did not apply their work; it will be retried", {
      transactions: retry.notApplied,
    });
  }
  return report;
}

async function applySettlement(
  deps: AttesterDeps,
  settlement: Settlement,
  report: AttesterReport,
  retry: { paused: boolean; notApplied: number },
): Promise<void> {
  const { tx } = settlement;
  if (settlement.status === "confirmed") {
    const confirmed = await recordConfirmedBatch(deps.records, tx.batch, {
      hash: settlement.receipt.hash,
      blockNumber: settlement.receipt.blockNumber,
      chainId: tx.chainId,
      confirmedAt: new Date(deps.now()).toISOString(),
    });
    await deps.sender.markConfirmed(tx, settlement.receipt);
    report.flagsConfirmed += confirmed;
    report.gasUsed += settlement.receipt.gasUsed;
    deps.observer.count("ChainFlagsConfirmed", confirmed);
    deps.observer.info("batch confirmed", {
      nonce: tx.nonce,
      txHash: settlement.receipt.hash,
      blockNumber: settlement.receipt.blockNumber,
      kind: tx.batch.plan.kind,
      wallets: confirmed,
      gasUsed: settlement.receipt.gasUsed.toString(),
    });
    return;
  }
  if (settlement.status === "superseded") {
    retry.notApplied += 1;
    return;
  }
  if (settlement.errorName === null) {
    // Reverted on-chain but would succeed now (e.g. paused then unpaused, gas): send it again.
    retry.notApplied += 1;
    return;
  }
  await handleRefusal(deps, tx.batch, settlement.errorName, settlement.receipt.hash, report, retry);
}

async function handleRefusal(
  deps: AttesterDeps,
  batch: StoredBatch,
  errorName: string | null,
  txHash: string | null,
  report: AttesterReport,
  retry: { paused: boolean; notApplied: number },
): Promise<void> {
  if (refusalHandlingOf(errorName) === "wait") {
    retry.paused = true;
    return;
  }
  const intents = batch.plan.actions.flatMap((action) => action.intents);
  await deps.failedBatches.put({
    batchId: batch.batchId,
    status: "failed",
    clientId: batch.plan.clientId,
    serviceId: batch.serviceId,
    kind: batch.plan.kind,
    reason: errorName ?? "unknown revert",
    txHash,
    intents,
    failedAt: new Date(deps.now()).toISOString(),
    requeuedAt: null,
  });
  report.failedBatches += 1;
  deps.observer.count("ChainBatchFailed");
  deps.observer.error("the registry refused a batch; it is parked for an operator", {
    batchId: batch.batchId,
    clientId: batch.plan.clientId,
    serviceId: batch.serviceId,
    kind: batch.plan.kind,
    reason: errorName,
    txHash,
    wallets: batch.plan.actions.length,
  });
}

/** Services whose intents can go on-chain: managed plans registered on the registry. */
async function loadOnchainServices(
  deps: AttesterDeps,
  intents: readonly ChainIntent[],
): Promise<Map<string, Service>> {
  const services = new Map<string, Service>();
  for (const clientId of new Set(intents.map((intent) => intent.clientId))) {
    const service = await deps.services.get(clientId);
    if (service === null || service.onchainServiceId === null || !entitlementsOf(service).onchainKyc) {
      deps.observer.warn("intents skipped: the service has no on-chain KYC or no registry service id", {
        clientId,
      });
      continue;
    }
    services.set(clientId, service);
  }
  return services;
}

async function holdersOf(deps: AttesterDeps, intent: ChainIntent): Promise<WalletHolder[]> {
  const hash = deps.hasher.hash(`wallet:${normalizeWallet(intent.wallet)}`);
  const entries = await deps.index.findByHash(intent.clientId, hash);
  return entries.map((entry) => ({
    refId: entry.refId,
    status: entry.status,
    approvedDate: entry.approvedDate,
  }));
}

function storedBatchOf(deps: AttesterDeps, plan: PlannedBatch, service: Service): StoredBatch {
  const ids = plan.actions.flatMap((action: WalletAction) => action.intents.map((intent) => intent.id));
  return {
    batchId: deterministicId(plan.clientId, plan.kind, ...ids),
    registry: deps.registry.address,
    serviceId: BigInt(service.onchainServiceId as string).toString(),
    plan,
  };
}

function calldataOf(deps: AttesterDeps, plan: PlannedBatch, service: Service): string {
  const serviceId = BigInt(service.onchainServiceId as string);
  if (plan.kind === "revoke") {
    return deps.registry.encodeRevokeBatch(
      serviceId,
      plan.actions.map((action) => action.wallet),
    );
  }
  const salt = deps.salt.saltOf(plan.clientId);
  return deps.registry.encodeAttestBatch(
    serviceId,
    plan.actions.map((action) => ({
      wallet: action.wallet,
      expiresAt: BigInt(action.expiresAt),
      refKey: refKeyOf(salt, action.refId),
    })),
  );
}
