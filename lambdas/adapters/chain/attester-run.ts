import { normalizeWallet } from "../../domain/dedup/identifiers.js";
import { halve, planBatches, type PlannedBatch } from "../../domain/chain/batch-plan.js";
import { coalesceByWallet } from "../../domain/chain/coalesce.js";
import { isEntryLevelRefusal, refusalHandlingOf } from "../../domain/chain/failure-policy.js";
import { fitsUnderGasCap, gasLimitFor } from "../../domain/chain/gas-budget.js";
import { erasureOutboxIdsOf, type ChainIntent } from "../../domain/chain/intent.js";
import { isApplicable, isCarried, type AppliedVersion } from "../../domain/chain/staleness.js";
import {
  resolveWalletAction,
  type WalletAction,
  type WalletHolder,
} from "../../domain/chain/wallet-action.js";
import { deterministicId } from "../../domain/ids.js";
import type { IdentifierHasher, IdentifierIndex, ServiceRepository } from "../../domain/ports.js";
import type { PersonalDataCleanup } from "../../domain/retention/ports.js";
import { entitlementsOf, type Service } from "../../domain/service.js";
import type { DynamoDbChainRecordStore } from "../dynamodb/chain-record-store.js";
import type { DynamoDbFailedBatchStore } from "../dynamodb/chain-failed-batch-store.js";
import type { DynamoDbChainTxStore, PendingTxRecord, StoredBatch } from "../dynamodb/chain-tx-store.js";
import { NonceGapError, RegistryPausedError, SettleTimeoutError } from "./chain-errors.js";
import type { ChainObserver } from "./chain-observer.js";
import { mapWithConcurrency } from "./concurrency.js";
import { describe, type ChainView, type Inspection, type NonceSafeSender } from "./nonce-safe-sender.js";
import type { SqsChainQueue } from "./chain-queue.js";
import { recordConfirmedBatch } from "./outcome-recorder.js";
import type { RefKeySalt } from "./refkey-salt.js";
import { refKeyOf } from "./registry-codec.js";
import type { RegistryClient } from "./registry-client.js";
import { RegistryRevertError } from "./registry-errors.js";

export interface AttesterConfig {
  maxWalletsPerTx: number;
  /** How long a run that only got settle ticks waits before looking at pending transactions again. */
  settlePollMs: number;
  /** An attestation expiring sooner than this is not sent (the registry would refuse the batch). */
  minRemainingSeconds: number;
}

export interface AttesterDeps {
  sender: NonceSafeSender;
  registry: RegistryClient;
  records: DynamoDbChainRecordStore;
  /** Deletes an erasure's outbox records once its revocation is done (they name the wallet). */
  outbox: Pick<PersonalDataCleanup, "deleteOutboxRecords">;
  failedBatches: DynamoDbFailedBatchStore;
  services: ServiceRepository;
  index: IdentifierIndex;
  hasher: IdentifierHasher;
  salt: RefKeySalt;
  /** The chain queue: work a transaction did not apply goes back to it; settle ticks go to it. */
  queue: SqsChainQueue;
  txStore: DynamoDbChainTxStore;
  observer: ChainObserver;
  config: AttesterConfig;
  now: () => number;
}

export interface AttesterReport {
  /** Pending transactions of earlier runs that this run looked at. */
  inspected: number;
  intents: number;
  /** Already applied or on their way (duplicates, redeliveries, superseded versions). */
  stale: number;
  /** For services without on-chain KYC or not registered on the registry. */
  skipped: number;
  transactions: number;
  flagsConfirmed: number;
  /** Intents of transactions that did not apply their work, queued again. */
  requeued: number;
  failedBatches: number;
  /** The signer's transactions still pending when the run ended (a settle tick brings the attester back). */
  pending: number;
  gasUsed: bigint;
  /** Where the run's time went (ms): looking at earlier transactions, planning, signing and sending. */
  phaseMs: { inspect: number; plan: number; send: number };
}

const LOOKUP_CONCURRENCY = 16;

/**
 * One attester run over a set of intents (the chain queue messages of one invocation, in order). It never
 * waits for a block, and does both of these at once:
 * 1. drop intents already applied or already in a pending transaction, coalesce per wallet, resolve
 *    revokes against the wallet's other holders, plan bounded batches and send them with the next nonces
 *    (pipelined behind the pending ones);
 * 2. look once at every transaction earlier runs left pending: record the confirmed ones, re-queue the
 *    work of those that did not apply it (superseded nonce, a revert that would succeed now, a pause),
 *    park refused ones as failed batches, re-broadcast lost ones and replace stuck ones.
 * The run's messages are done once their transactions are persisted: from then on a transaction record
 * owns the work. Throws RegistryPausedError when new work must wait (the caller keeps the messages queued).
 */
export async function runAttester(
  deps: AttesterDeps,
  intents: readonly ChainIntent[],
): Promise<AttesterReport> {
  const report: AttesterReport = {
    inspected: 0,
    intents: intents.length,
    stale: 0,
    skipped: 0,
    transactions: 0,
    flagsConfirmed: 0,
    requeued: 0,
    failedBatches: 0,
    pending: 0,
    gasUsed: 0n,
    phaseMs: { inspect: 0, plan: 0, send: 0 },
  };
  let phaseStart = deps.now();
  const endPhase = (phase: keyof AttesterReport["phaseMs"]) => {
    const now = deps.now();
    report.phaseMs[phase] += now - phaseStart;
    phaseStart = now;
  };

  const { pending, nonceGap } = await deps.sender.pendingState();
  const view = pending.length === 0 ? undefined : await chainViewOrNull(deps, pending.length);
  if (view === null) {
    // The node is unreachable: every transaction stays pending for the next look, the new work waits.
    report.pending = pending.length;
    if (intents.length > 0) throw new NodeUnreachableError(pending.length);
    return report;
  }
  if (view !== undefined && (await deps.sender.checkNonceGap(pending, view, nonceGap)) !== null) {
    // Nothing is broadcast into the gap: neither the pending transactions (the node refuses them) nor new
    // work (it would only widen the gap). The messages wait with a long backoff.
    report.pending = pending.length;
    throw new NonceGapError("the chain forgot transactions of the signer; the work stays queued", {
      pending: pending.length,
      chainNonce: view.minedNonce,
    });
  }
  // Both at once: they touch different transactions (new nonces vs the pending ones), and the chain's
  // answers for one overlap with DynamoDB's for the other. Earlier batches are recorded even when the
  // new work has to wait (paused registry).
  const [sent, inspected] = await Promise.allSettled([
    sendNewWork(deps, intents, pending, report, endPhase),
    inspectPending(deps, pending, report, view),
  ]);
  if (inspected.status === "rejected") throw inspected.reason;
  if (sent.status === "rejected") throw sent.reason;
  return report;
}

/** The node could not be reached for the chain's view: the run's new work waits (short backoff). */
class NodeUnreachableError extends SettleTimeoutError {
  override readonly name: string = "NodeUnreachableError";

  constructor(pending: number) {
    super("the node is unreachable; the work stays queued", { pending });
  }
}

/** Logged at most once a minute per process while the node stays unreachable. */
let unreachableWarnedAt = 0;
const UNREACHABLE_WARNING_INTERVAL_MS = 60_000;

/** The chain's view for a round of inspections, or null (logged, throttled) when the node is unreachable. */
async function chainViewOrNull(deps: AttesterDeps, pending: number): Promise<ChainView | null> {
  try {
    return await deps.sender.chainView();
  } catch (error) {
    if (deps.now() - unreachableWarnedAt >= UNREACHABLE_WARNING_INTERVAL_MS) {
      unreachableWarnedAt = deps.now();
      deps.observer.warn("the node is unreachable; the signer's transactions stay pending", {
        pending,
        error: describe(error),
      });
    }
    deps.observer.count("ChainNodeUnreachable");
    return null;
  }
}

/** One look at each pending transaction of earlier runs, oldest nonce first. */
async function inspectPending(
  deps: AttesterDeps,
  pending: readonly PendingTxRecord[],
  report: AttesterReport,
  view: ChainView | undefined,
): Promise<void> {
  if (pending.length === 0) return;
  const start = deps.now();
  for (const tx of pending) {
    report.inspected += 1;
    const inspection = await deps.sender.inspect(tx, view);
    if (inspection.status === "pending") report.pending += 1;
    else await applyInspection(deps, inspection, report);
  }
  report.phaseMs.inspect += deps.now() - start;
}

async function sendNewWork(
  deps: AttesterDeps,
  intents: readonly ChainIntent[],
  pending: readonly PendingTxRecord[],
  report: AttesterReport,
  endPhase: (phase: keyof AttesterReport["phaseMs"]) => void,
): Promise<void> {
  if (intents.length === 0) return;
  const services = await loadOnchainServices(deps, intents);
  // A service that left its managed plan keeps its registry id: its remaining flags can only be revoked.
  const eligible = intents.filter((intent) => {
    const target = services.get(intent.clientId);
    return target !== undefined && (!target.revokeOnly || intent.intent === "revoke");
  });
  report.skipped = intents.length - eligible.length;
  if (report.skipped > 0) deps.observer.count("ChainIntentsSkipped", report.skipped);
  // An erasure's revocation for a service without on-chain KYC never goes on-chain (no flag can exist):
  // its outbox record, which names the wallet, can go now.
  const skippedErasures = intents.filter(
    (intent) => intent.source === "erasure" && !services.has(intent.clientId),
  );
  if (skippedErasures.length > 0) {
    await deps.outbox.deleteOutboxRecords(skippedErasures.flatMap(erasureOutboxIdsOf));
  }

  // An intent is stale once its profile's version is applied on-chain or carried by a pending transaction
  // (one that turns out not to apply it re-queues it).
  const nowSeconds = Math.floor(deps.now() / 1000);
  const applied = new Map<string, AppliedVersion>(
    [...(await deps.records.appliedStates(eligible))].map(([key, state]) => [
      key,
      {
        profileVersion: state.profileVersion,
        flagged: (state.verifiedUntil ?? 0) > nowSeconds,
        ...(state.confirmedAt === undefined ? {} : { confirmedAt: state.confirmedAt }),
      },
    ]),
  );
  const carried = versionsCarriedBy(pending);
  const applicable = eligible.filter((intent) => {
    const key = `${intent.clientId}#${intent.refId}`;
    const onItsWay = carried.get(key);
    if (intent.source === "plan-change") {
      // A plan change asks for a flag state: judge it against the newest state, pending included.
      const latest =
        onItsWay !== undefined && onItsWay.profileVersion >= (applied.get(key)?.profileVersion ?? 0)
          ? onItsWay
          : (applied.get(key) ?? null);
      return isApplicable(intent, latest);
    }
    return isApplicable(intent, applied.get(key) ?? null) && !isCarried(intent, onItsWay?.profileVersion);
  });
  report.stale = eligible.length - applicable.length;
  if (report.stale > 0) deps.observer.count("ChainIntentsStale", report.stale);

  const actions = await mapWithConcurrency(
    coalesceByWallet(applicable),
    LOOKUP_CONCURRENCY,
    async (entry) => {
      const { service, revokeOnly } = services.get(entry.winner.clientId) as OnchainService;
      // Off a managed plan no other holder's flag is re-issued: every flag of the service goes.
      const holders =
        entry.winner.intent === "revoke" && !revokeOnly ? await holdersOf(deps, entry.winner) : [];
      return resolveWalletAction(entry.winner, [...entry.superseded, entry.winner], holders, {
        validityDays: service.attestationValidityDays,
        nowSeconds,
        minRemainingSeconds: deps.config.minRemainingSeconds,
      });
    },
  );
  const batches = planBatches(actions, deps.config.maxWalletsPerTx);
  if (batches.length === 0) return;

  if (await deps.registry.isPaused()) {
    deps.observer.count("ChainRegistryPaused");
    throw new RegistryPausedError("registry writes are paused; the work stays queued", {
      batches: batches.length,
    });
  }

  endPhase("plan");
  const signer = await deps.sender.address();
  let nonce = await deps.sender.nextNonce(pending.length);
  const queue: PlannedBatch[] = [...batches];
  while (queue.length > 0) {
    const batch = queue.shift() as PlannedBatch;
    const { service } = services.get(batch.clientId) as OnchainService;
    const stored = storedBatchOf(deps, batch, service);
    const data = calldataOf(deps, batch, service);
    let gas: bigint;
    try {
      gas = await deps.registry.estimateGas(signer, data);
    } catch (error) {
      if (!(error instanceof RegistryRevertError)) throw error;
      if (refusalHandlingOf(error.errorName) === "wait") {
        // Paused since the check above: this batch and the rest wait with the messages.
        deps.observer.count("ChainRegistryPaused");
        throw new RegistryPausedError("registry writes are paused; the work stays queued", {
          batches: queue.length + 1,
        });
      }
      if (isEntryLevelRefusal(error.errorName) && batch.actions.length > 1) {
        // One bad entry must not take the batch down: bisect until the offending entries stand alone,
        // then only they are parked (one by one, with their refIds) and the rest is sent.
        queue.unshift(...halve(batch));
        continue;
      }
      await parkFailedBatch(deps, stored, error.errorName, null, report);
      continue;
    }
    if (!fitsUnderGasCap(gas) && batch.actions.length > 1) {
      queue.unshift(...halve(batch));
      continue;
    }
    await deps.sender.send(stored, data, gasLimitFor(gas), nonce);
    nonce += 1;
    report.transactions += 1;
    report.pending += 1;
  }
  endPhase("send");
}

/** Acts on a final verdict, then writes it: a crash in between repeats the (idempotent) action. */
async function applyInspection(
  deps: AttesterDeps,
  inspection: Exclude<Inspection, { status: "pending" }>,
  report: AttesterReport,
): Promise<void> {
  const { tx } = inspection;
  if (inspection.status === "confirmed") {
    const confirmed = await recordConfirmedBatch(deps, tx.batch, {
      hash: inspection.receipt.hash,
      blockNumber: inspection.receipt.blockNumber,
      chainId: tx.chainId,
      gasUsed: inspection.receipt.gasUsed.toString(),
      confirmedAt: new Date(deps.now()).toISOString(),
    });
    // Before the transaction is marked done: a crash in between records and re-queues again (idempotent).
    await revokeIfPlanLeft(deps, tx.batch, inspection.receipt.hash);
    await deps.sender.markConfirmed(tx, inspection.receipt);
    report.flagsConfirmed += confirmed;
    report.gasUsed += inspection.receipt.gasUsed;
    deps.observer.count("ChainFlagsConfirmed", confirmed);
    deps.observer.info("batch confirmed", {
      nonce: tx.nonce,
      txHash: inspection.receipt.hash,
      blockNumber: inspection.receipt.blockNumber,
      kind: tx.batch.plan.kind,
      wallets: confirmed,
      gasUsed: inspection.receipt.gasUsed.toString(),
    });
    return;
  }
  const errorName = inspection.status === "reverted" ? inspection.errorName : null;
  const refused =
    inspection.status === "reverted" &&
    errorName !== null &&
    refusalHandlingOf(errorName) === "fail" &&
    // An entry-level revert at mining time (an expiry that passed meanwhile): re-queued, so the next
    // send isolates the entry at estimation instead of parking the whole batch.
    !isEntryLevelRefusal(errorName);
  if (refused) {
    await parkFailedBatch(deps, tx.batch, errorName, inspection.receipt.hash, report);
  } else {
    // Not applied, but it can be: superseded nonce, paused when mined (the re-queued work waits for
    // the unpause), or a revert the same call no longer makes.
    const intents = tx.batch.plan.actions.flatMap((action) => action.intents);
    const lastAttempt = tx.attempts[tx.attempts.length - 1]?.hash ?? "";
    await deps.queue.publish(intents, `requeue:${tx.signer}:${tx.nonce}:${lastAttempt}`);
    report.requeued += intents.length;
    deps.observer.count("ChainWorkRequeued", intents.length);
    deps.observer.warn("a transaction did not apply its work; its intents are queued again", {
      nonce: tx.nonce,
      status: inspection.status,
      reason: errorName,
      wallets: tx.batch.plan.actions.length,
    });
  }
  await deps.sender.conclude(inspection);
}

/**
 * The newest profile version each pending transaction carries, by `clientId#refId`, with whether it
 * leaves the profile's wallet flagged (an attestation issued for that very profile).
 */
function versionsCarriedBy(pending: readonly PendingTxRecord[]): Map<string, AppliedVersion> {
  const versions = new Map<string, AppliedVersion>();
  for (const tx of pending) {
    for (const action of tx.batch.plan.actions) {
      for (const intent of action.intents) {
        const key = `${intent.clientId}#${intent.refId}`;
        if (intent.profileVersion < (versions.get(key)?.profileVersion ?? 0)) continue;
        const flagged = action.kind === "attest" && action.refId === intent.refId;
        versions.set(key, { profileVersion: intent.profileVersion, flagged });
      }
    }
  }
  return versions;
}

async function parkFailedBatch(
  deps: AttesterDeps,
  batch: StoredBatch,
  errorName: string | null,
  txHash: string | null,
  report: AttesterReport,
): Promise<void> {
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
  const [only] = intents;
  deps.observer.error("the registry refused a batch; it is parked for an operator", {
    batchId: batch.batchId,
    clientId: batch.plan.clientId,
    serviceId: batch.serviceId,
    kind: batch.plan.kind,
    reason: errorName,
    txHash,
    wallets: batch.plan.actions.length,
    // A batch of one (an isolated bad entry) names its profile; the logger hashes refIds.
    ...(intents.length === 1 && only !== undefined ? { refId: only.refId } : {}),
  });
}

/**
 * Attestations confirmed after their service left the managed plans (sent before the change, mined
 * after it read the recorded flags): the change's revocations missed them, so they are revoked now.
 */
async function revokeIfPlanLeft(deps: AttesterDeps, batch: StoredBatch, txHash: string): Promise<void> {
  if (batch.plan.kind !== "attest") return;
  const service = await deps.services.get(batch.plan.clientId);
  if (service === null || entitlementsOf(service).onchainKyc) return;
  const at = new Date(deps.now()).toISOString();
  const revocations: ChainIntent[] = batch.plan.actions.flatMap((action) => {
    if (action.kind !== "attest") return [];
    const own = action.intents.filter((intent) => intent.refId === action.refId);
    const profileVersion = Math.max(0, ...own.map((intent) => intent.profileVersion));
    return [
      {
        id: deterministicId("plan-left", txHash, action.refId, profileVersion),
        intent: "revoke",
        clientId: batch.plan.clientId,
        refId: action.refId,
        wallet: action.wallet,
        at,
        profileVersion,
        source: "plan-change",
      },
    ];
  });
  if (revocations.length === 0) return;
  await deps.queue.publish(revocations, `plan-left:${txHash}`);
  deps.observer.warn("attestations confirmed after the service left its managed plan: revocations queued", {
    clientId: batch.plan.clientId,
    wallets: revocations.length,
  });
}

/** A service registered on the registry; `revokeOnly` once it left the managed plans. */
interface OnchainService {
  service: Service;
  revokeOnly: boolean;
}

/**
 * Services whose intents can go on-chain: managed plans registered on the registry, and (revocations
 * only) registered services that moved to a plan without on-chain KYC.
 */
async function loadOnchainServices(
  deps: AttesterDeps,
  intents: readonly ChainIntent[],
): Promise<Map<string, OnchainService>> {
  const services = new Map<string, OnchainService>();
  for (const clientId of new Set(intents.map((intent) => intent.clientId))) {
    const service = await deps.services.get(clientId);
    if (service === null || service.onchainServiceId === null) {
      deps.observer.warn("intents skipped: the service has no registry service id", { clientId });
      continue;
    }
    const revokeOnly = !entitlementsOf(service).onchainKyc;
    if (revokeOnly && intents.some((intent) => intent.clientId === clientId && intent.intent === "attest")) {
      deps.observer.warn("attestations skipped: the service's plan has no on-chain KYC", { clientId });
    }
    services.set(clientId, { service, revokeOnly });
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
