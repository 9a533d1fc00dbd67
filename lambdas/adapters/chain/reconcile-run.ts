import { isEntryLevelRefusal } from "../../domain/chain/failure-policy.js";
import { attestationExpiry } from "../../domain/chain/expiry.js";
import type { ChainIntent } from "../../domain/chain/intent.js";
import { planReconcile, type DesiredFlag, type KnownWallet } from "../../domain/chain/reconcile-plan.js";
import { deterministicId } from "../../domain/ids.js";
import { entitlementsOf, type Service } from "../../domain/service.js";
import type { DynamoDbChainProfileReader } from "../dynamodb/chain-profile-reader.js";
import type { DynamoDbChainRecordStore } from "../dynamodb/chain-record-store.js";
import type { DynamoDbFailedBatchStore } from "../dynamodb/chain-failed-batch-store.js";
import type { DynamoDbProfileRepository } from "../dynamodb/profile-repository.js";
import type { DynamoDbServiceRepository } from "../dynamodb/service-repository.js";
import type { SqsChainQueue } from "./chain-queue.js";
import type { ChainObserver } from "./chain-observer.js";
import type { RegistryClient } from "./registry-client.js";

export interface ReconcileDeps {
  services: DynamoDbServiceRepository;
  profiles: DynamoDbProfileRepository;
  reader: DynamoDbChainProfileReader;
  records: DynamoDbChainRecordStore;
  failedBatches: DynamoDbFailedBatchStore;
  registry: RegistryClient;
  queue: SqsChainQueue;
  observer: ChainObserver;
  now: () => number;
  minRemainingSeconds: number;
}

export interface ServiceReconcileReport {
  clientId: string;
  serviceId: string;
  /** Wallets whose on-chain flag was compared. */
  checked: number;
  /** Repairs queued (or, in a dry run, that would be). */
  attest: { refId: string; wallet: string; onchainVerifiedUntil: number; expectedVerifiedUntil: number }[];
  revoke: { refId: string; wallet: string; onchainVerifiedUntil: number }[];
}

export interface ReconcileReport {
  startedAt: string;
  dryRun: boolean;
  services: ServiceReconcileReport[];
  repairsQueued: number;
}

const PAGE = 500;

/**
 * Compares every on-chain service's approved profiles with the registry (`verifiedUntilBatch`) and
 * queues the repairs, in both directions, on the chain queue: the attester stays the only writer for the
 * signer. Repairs carry the profile's current version, so a status change that overtakes one wins.
 */
export async function runReconcile(
  deps: ReconcileDeps,
  options: { clientId?: string; dryRun?: boolean } = {},
): Promise<ReconcileReport> {
  const startedAt = new Date(deps.now()).toISOString();
  const report: ReconcileReport = {
    startedAt,
    dryRun: options.dryRun ?? false,
    services: [],
    repairsQueued: 0,
  };
  for await (const service of onchainServices(deps, options.clientId)) {
    const serviceReport = await reconcileService(deps, service, startedAt, report.dryRun);
    report.services.push(serviceReport.report);
    report.repairsQueued += serviceReport.queued;
  }
  if (report.repairsQueued > 0) deps.observer.count("ReconcileRepairs", report.repairsQueued);
  return report;
}

async function reconcileService(
  deps: ReconcileDeps,
  service: Service,
  startedAt: string,
  dryRun: boolean,
): Promise<{ report: ServiceReconcileReport; queued: number }> {
  const clientId = service.clientId;
  const serviceId = BigInt(service.onchainServiceId as string);

  const approvedRefIds: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.profiles.listByStatus(clientId, "approved", cursor, PAGE);
    approvedRefIds.push(...page.items.map((row) => row.refId));
    cursor = page.cursor;
  } while (cursor !== null);
  const flags = [];
  for await (const flag of deps.records.walletFlags(clientId)) flags.push(flag);

  const views = await deps.reader.read(clientId, [...approvedRefIds, ...flags.map((flag) => flag.refId)]);
  const refusedEntries = await entriesRefusedAlone(deps, clientId);
  const desired: DesiredFlag[] = approvedRefIds.flatMap((refId) => {
    const view = views.get(refId);
    if (view === undefined || view.status !== "approved" || view.deleted || view.approvedDate === null)
      return [];
    // The registry refused this very entry (e.g. its wallet) and it is parked for an operator: sending it
    // again every hour would only be refused again. A new version of the profile is tried afresh.
    if (refusedEntries.has(`${refId}#${view.version}`)) return [];
    return [
      {
        clientId,
        refId,
        wallet: view.wallet,
        expiresAt: attestationExpiry(view.approvedDate, service.attestationValidityDays),
        profileVersion: view.version,
        approvedDate: view.approvedDate,
      },
    ];
  });
  const known: KnownWallet[] = flags.map((flag) => ({
    clientId,
    refId: flag.refId,
    wallet: flag.wallet,
    // The profile's current version (a profile erased from the table: any recorded version is older).
    profileVersion: views.get(flag.refId)?.version ?? Number.MAX_SAFE_INTEGER,
  }));

  const wallets = [...new Set([...desired, ...known].map((entry) => entry.wallet.toLowerCase()))];
  const expiries = await deps.registry.verifiedUntilBatch(serviceId, wallets);
  const verifiedUntil = new Map(wallets.map((wallet, index) => [wallet, Number(expiries[index] ?? 0n)]));
  const plan = planReconcile({
    desired,
    known,
    verifiedUntil,
    nowSeconds: Math.floor(deps.now() / 1000),
    minRemainingSeconds: deps.minRemainingSeconds,
  });

  const onchain = (wallet: string) => verifiedUntil.get(wallet.toLowerCase()) ?? 0;
  const report: ServiceReconcileReport = {
    clientId,
    serviceId: serviceId.toString(),
    checked: plan.checked,
    attest: plan.attest.map((flag) => ({
      refId: flag.refId,
      wallet: flag.wallet,
      onchainVerifiedUntil: onchain(flag.wallet),
      expectedVerifiedUntil: flag.expiresAt,
    })),
    revoke: plan.revoke.map((wallet) => ({
      refId: wallet.refId,
      wallet: wallet.wallet,
      onchainVerifiedUntil: onchain(wallet.wallet),
    })),
  };
  // A flag still naming an erased profile (its revocation was refused or lost): the repair is that
  // erasure's revocation, so once it is confirmed the pipeline forgets the wallet as well.
  const erased = (refId: string) => views.get(refId)?.deleted === true;
  const repairs: ChainIntent[] = [
    ...plan.attest.map((flag) => repairIntent("attest", flag, flag.approvedDate, startedAt, "repair")),
    ...plan.revoke.map((wallet) =>
      repairIntent("revoke", wallet, startedAt, startedAt, erased(wallet.refId) ? "erasure" : "repair"),
    ),
  ];
  if (repairs.length > 0) {
    deps.observer.info("reconcile found drift", {
      clientId,
      attest: plan.attest.length,
      revoke: plan.revoke.length,
      dryRun,
    });
    if (!dryRun) await deps.queue.publish(repairs);
  }
  return { report, queued: dryRun ? 0 : repairs.length };
}

/** `refId#profileVersion` of attestations parked because the registry refused the entry itself. */
async function entriesRefusedAlone(
  deps: Pick<ReconcileDeps, "failedBatches">,
  clientId: string,
): Promise<Set<string>> {
  const parked = await deps.failedBatches.list("failed");
  return new Set(
    parked
      .filter((batch) => batch.clientId === clientId && isEntryLevelRefusal(batch.reason))
      .flatMap((batch) => batch.intents)
      .filter((intent) => intent.intent === "attest")
      .map((intent) => `${intent.refId}#${intent.profileVersion}`),
  );
}

function repairIntent(
  intent: "attest" | "revoke",
  target: { clientId: string; refId: string; wallet: string; profileVersion: number },
  at: string,
  runAt: string,
  source: "repair" | "erasure",
): ChainIntent {
  return {
    id: deterministicId("repair", target.clientId, target.refId, target.profileVersion, intent, runAt),
    intent,
    clientId: target.clientId,
    refId: target.refId,
    wallet: target.wallet,
    at,
    profileVersion: target.profileVersion,
    source,
    decidedAt: runAt,
  };
}

async function* onchainServices(deps: ReconcileDeps, clientId: string | undefined): AsyncGenerator<Service> {
  const eligible = (service: Service | null): service is Service =>
    service !== null && service.onchainServiceId !== null && entitlementsOf(service).onchainKyc;
  if (clientId !== undefined) {
    const service = await deps.services.get(clientId);
    if (eligible(service)) yield service;
    return;
  }
  let cursor: string | null = null;
  do {
    const page = await deps.services.list(cursor, 100);
    for (const service of page.items) if (eligible(service)) yield service;
    cursor = page.cursor;
  } while (cursor !== null);
}

export interface RequeueReport {
  requeued: { batchId: string; reason: string; intents: number }[];
}

/** Puts failed batches' intents back on the chain queue (after an operator fixed the cause). */
export async function requeueFailedBatches(
  deps: Pick<ReconcileDeps, "failedBatches" | "queue" | "observer" | "now">,
  options: { batchId?: string } = {},
): Promise<RequeueReport> {
  const failed = (await deps.failedBatches.list("failed")).filter(
    (batch) => options.batchId === undefined || batch.batchId === options.batchId,
  );
  const report: RequeueReport = { requeued: [] };
  for (const batch of failed.sort((a, b) => a.failedAt.localeCompare(b.failedAt))) {
    await deps.queue.publish(batch.intents, `requeue:${batch.batchId}:${deps.now()}`);
    if (await deps.failedBatches.markRequeued(batch.batchId, new Date(deps.now()).toISOString())) {
      report.requeued.push({ batchId: batch.batchId, reason: batch.reason, intents: batch.intents.length });
    }
  }
  if (report.requeued.length > 0) deps.observer.count("FailedBatchesRequeued", report.requeued.length);
  return report;
}
