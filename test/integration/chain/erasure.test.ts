import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { FAILED_BATCH_RETENTION_DAYS } from "../../../lambdas/adapters/dynamodb/chain-failed-batch-store.js";
import { jest } from "@jest/globals";
import { NonceSafeSender } from "../../../lambdas/adapters/chain/nonce-safe-sender.js";
import { SqsChainQueue } from "../../../lambdas/adapters/chain/chain-queue.js";
import { retentionDepsFromEnv } from "../../../lambdas/adapters/dynamodb/retention-deps-from-env.js";
import { DynamoDbPersonalDataCleanup } from "../../../lambdas/adapters/dynamodb/retention-cleanup.js";
import { SystemClock } from "../../../lambdas/adapters/system/system-clock.js";
import type { ChainIntent } from "../../../lambdas/domain/chain/intent.js";
import { deterministicId } from "../../../lambdas/domain/ids.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { eraseProfile } from "../../../lambdas/domain/use-cases/erase-profile.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { holdersOf, needlesOf, personalDataOf, type Person } from "../retention/personal-data-scan.js";
import {
  allMessages,
  allObjects,
  allTableItems,
  createArchiveBucket,
} from "../retention/retention-services.js";
import { applyProcessEnv } from "../../support/process-env.js";
import { startChainStack, type ChainStack } from "./support/chain-stack.js";
import {
  approvedProfile,
  drainChainQueue,
  importHandlers,
  publishOutbox,
  registryEvents,
  seedService,
  type PipelineHandlers,
} from "./support/pipeline-driver.js";

let stack: ChainStack;
let handlers: PipelineHandlers;
let restoreEnv: () => void;

const alice: Person = {
  refId: "erase-onchain-alice",
  wallet: "0x8ba1f109551bD432803012645Ac136ddd64DBA72",
  givenName: "Zbigniew",
  familyName: "Brzeczyszczykiewicz",
  dob: "1971-02-03",
  passport: "XK 778-201",
};
const carol: Person = {
  refId: "erase-onchain-carol",
  wallet: "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B",
  givenName: "Wilhelmina",
  familyName: "Quatermaine",
  dob: "1984-09-17",
  passport: "QM 55 31 90",
};
const dora: Person = {
  refId: "erase-onchain-dora",
  wallet: "0x1dF62f291b2E969fB0849d99D9Ce41e2F137006e",
  givenName: "Dorothea",
  familyName: "Szczepanowska",
  dob: "1979-06-30",
  passport: "DS 41-77-02",
};
const erin: Person = {
  refId: "erase-onchain-erin",
  wallet: "0xdD2FD4581271e230360230F9337D5c0430Bf44C0",
  givenName: "Ermengarde",
  familyName: "Oyelaran-Whitcombe",
  dob: "1988-04-11",
  passport: "EO 310 442",
};
const bystander: Person = {
  refId: "keep-onchain",
  wallet: "0x71C7656EC7ab88b098defB751B7401B5f6d8976F",
  givenName: "Theodora",
  familyName: "Vandersloot",
  dob: "1992-12-24",
  passport: "TV-900-117",
};

beforeAll(async () => {
  stack = await startChainStack("chain-erasure");
  const env = {
    ...stack.env,
    ARCHIVE_BUCKET: await createArchiveBucket(stack.local, "chain-erasure-archive"),
  };
  restoreEnv = applyProcessEnv(env);
  handlers = await importHandlers();
  await seedService(stack, "acme");
}, 120_000);

afterAll(async () => {
  restoreEnv?.();
  await stack?.stop();
});

const isVerified = (wallet: string) =>
  stack.registry.getFunction("isVerified")(stack.serviceId, wallet) as Promise<boolean>;

const erase = (person: Person) =>
  eraseProfile(
    { ...retentionDepsFromEnv(), clock: new SystemClock() },
    { clientId: "acme", refId: person.refId, operator: "ops-ana" },
  );

async function runPipeline() {
  await publishOutbox(handlers);
  return drainChainQueue(stack, handlers.attester);
}

function approve(person: Person): Promise<Profile> {
  return approvedProfile(stack, "acme", person.refId, person.wallet, personalDataOf(person));
}

/** Every table item, object and queue message that names the person. */
async function tracesOf(person: Person): Promise<string[]> {
  const needles = needlesOf(person, stack.hasher);
  const { queues, messages } = await allMessages(stack.local);
  expect(queues).toBeGreaterThan(0);
  return holdersOf(needles, [
    ...(await allTableItems(stack.documents, stack.local.tableName)),
    ...(await allObjects(stack.local)),
    ...messages,
  ]);
}

describe("erasure through the chain pipeline against a real Hardhat node", () => {
  it("once the revocation is on-chain, no table item or message holds the wallet, even after a crash and a redelivery", async () => {
    await approve(alice);
    await approve(bystander);
    await runPipeline();
    expect(await isVerified(alice.wallet)).toBe(true);
    // The scan sees the pipeline's records: before erasure they name Alice.
    const before = await tracesOf(alice);
    expect(before).toEqual(
      expect.arrayContaining([
        `PROFILE#acme#${alice.refId} / CHAIN`,
        expect.stringMatching(/^CHAINFLAG#acme#/),
        expect.stringMatching(/^OUTBOX#/),
      ]),
    );

    const erased = await erase(alice);
    expect(erased).toMatchObject({ outcome: "erased", revoked: true });

    // The attester records the confirmed revocation, then crashes before marking the transaction final.
    const crash = jest
      .spyOn(NonceSafeSender.prototype, "markConfirmed")
      .mockImplementationOnce(() => Promise.reject(new Error("Lambda runtime exited (simulated crash)")));
    const crashed = await runPipeline();
    expect(crash).toHaveBeenCalledTimes(1);
    crash.mockRestore();
    expect(crashed.at(-1)?.response.batchItemFailures.length).toBeGreaterThan(0);
    const [pending] = await stack.txStore.listPending(stack.attester.address);
    expect(pending?.batch.plan).toMatchObject({ kind: "revoke", actions: [{ wallet: alice.wallet }] });
    // The retry finds the pending transaction, records it again (harmless) and finishes it.
    await drainChainQueue(stack, handlers.attester, { waitSeconds: 15 });
    expect(await stack.txStore.listPending(stack.attester.address)).toEqual([]);

    expect(await isVerified(alice.wallet)).toBe(false);
    const events = await registryEvents(stack);
    expect(events.filter((event) => event.wallet === alice.wallet).map((event) => event.name)).toEqual([
      "Attested",
      "Revoked",
    ]);
    expect(await tracesOf(alice)).toEqual([]);
    // What is left of Alice's on-chain record: nothing to show, only the applied version.
    expect(await stack.records.getProfileRecord("acme", alice.refId)).toBeNull();
    expect(await stack.records.appliedVersions([{ clientId: "acme", refId: alice.refId }])).toEqual(
      new Map([[`acme#${alice.refId}`, erased.profile.version]]),
    );
    // Final transactions keep a summary of their batch, not the plan or the signed bytes.
    const txs = await stack.txStore.listRecent(stack.attester.address, 100);
    expect(txs.length).toBeGreaterThanOrEqual(2);
    for (const tx of txs) {
      expect(tx.status).toBe("confirmed");
      expect(tx.batch).not.toHaveProperty("plan");
      expect(tx).not.toHaveProperty("rawTx");
    }
    expect(txs[0]?.batch).toMatchObject({ summary: { kind: "revoke", clientId: "acme", wallets: 1 } });
    // Someone else's records are kept, and the scan finds them.
    expect(await tracesOf(bystander)).toEqual(
      expect.arrayContaining([
        `PROFILE#acme#${bystander.refId} / CHAIN`,
        expect.stringMatching(/^CHAINFLAG#/),
      ]),
    );
    expect(await isVerified(bystander.wallet)).toBe(true);

    // A late duplicate of the erasure's intent is skipped: no transaction, no record naming the wallet.
    const nonce = await stack.txStore.nextNonce(stack.attester.address);
    const duplicate: ChainIntent = {
      id: deterministicId("acme", alice.refId, erased.profile.version, "chain"),
      intent: "revoke",
      clientId: "acme",
      refId: alice.refId,
      wallet: alice.wallet,
      at: erased.profile.updatedAt,
      profileVersion: erased.profile.version,
      source: "erasure",
    };
    const sqs = stack.local.sqsClient();
    await new SqsChainQueue(sqs, stack.chainQueueUrl, stack.attester.address).publish([duplicate], "late");
    sqs.destroy();
    await drainChainQueue(stack, handlers.attester);
    expect(await stack.txStore.nextNonce(stack.attester.address)).toBe(nonce);
    expect(await tracesOf(alice)).toEqual([]);
  });

  it("a refused erasure keeps the wallet only until the retried revocation lands", async () => {
    await approve(carol);
    await runPipeline();
    expect(await isVerified(carol.wallet)).toBe(true);
    const setAttester = stack.registry.getFunction("setAttester");
    await (await setAttester(stack.serviceId, stack.attester.address, false)).wait();
    await erase(carol);
    await runPipeline();

    // Refused: the flag is still up, so the parked batch keeps what is needed to take it down.
    expect(await isVerified(carol.wallet)).toBe(true);
    const failed = (await stack.failedBatches.list("failed")).find(
      (batch) => batch.intents[0]?.refId === carol.refId,
    );
    expect(failed).toMatchObject({
      reason: "KycRegistryUnauthorizedAttester",
      intents: [{ source: "erasure", wallet: carol.wallet }],
    });
    expect(await tracesOf(carol)).toContain(`CHAINFAIL / ${failed!.batchId}`);

    await (await setAttester(stack.serviceId, stack.attester.address, true)).wait();
    await handlers.reconcile({ action: "retry-failed" }, lambdaContext("chain-reconcile"));
    await drainChainQueue(stack, handlers.attester);

    expect(await isVerified(carol.wallet)).toBe(false);
    expect(await stack.failedBatches.list("requeued")).toEqual([
      expect.objectContaining({ batchId: failed!.batchId, intents: [], intentCount: 1 }),
    ]);
    expect(await tracesOf(carol)).toEqual([]);
    expect(await tracesOf(alice)).toEqual([]);
    expect(await isVerified(bystander.wallet)).toBe(true);
  });

  it("reconcile takes down a flag left on an erased profile as that erasure, and the wallet goes too", async () => {
    await approve(dora);
    await runPipeline();
    const erased = await erase(dora);
    // The revocation is lost before it is published (an operator deleted it, a bug): the flag stays up.
    await new DynamoDbPersonalDataCleanup(stack.documents, stack.local.tableName).deleteOutboxRecords([
      deterministicId("acme", dora.refId, erased.profile.version, "chain"),
    ]);
    await runPipeline();
    expect(await isVerified(dora.wallet)).toBe(true);

    const report = (await handlers.reconcile(
      { action: "reconcile", clientId: "acme" },
      lambdaContext("chain-reconcile"),
    )) as { services: { revoke: { refId: string }[] }[] };
    expect(report.services[0]?.revoke).toEqual([expect.objectContaining({ refId: dora.refId })]);
    await drainChainQueue(stack, handlers.attester);

    expect(await isVerified(dora.wallet)).toBe(false);
    expect(await tracesOf(dora)).toEqual([]);
    expect(await stack.records.getProfileRecord("acme", dora.refId)).toBeNull();
  });

  it("an erasure confirmed through reconcile leaves nothing of the user in parked batches", async () => {
    await approve(erin);
    await runPipeline();
    expect(await isVerified(erin.wallet)).toBe(true);
    const setAttester = stack.registry.getFunction("setAttester");
    await (await setAttester(stack.serviceId, stack.attester.address, false)).wait();
    await erase(erin);
    await runPipeline();
    const parked = (await stack.failedBatches.list("failed")).find((batch) =>
      batch.intents.some((intent) => intent.refId === erin.refId),
    );
    expect(parked).toMatchObject({ reason: "KycRegistryUnauthorizedAttester" });
    // Parked items expire: reconcile re-derives the work of a forgotten batch from the profiles.
    const { Items: parkedItems = [] } = await stack.documents.send(
      new ScanCommand({
        TableName: stack.local.tableName,
        FilterExpression: "batchId = :batchId",
        ExpressionAttributeValues: { ":batchId": parked!.batchId },
      }),
    );
    expect(parkedItems[0]?.expiresAt).toBe(
      Math.floor(Date.parse(parked!.failedAt) / 1000) + FAILED_BATCH_RETENTION_DAYS * 86_400,
    );

    // The operator restores the role; the hourly reconcile (not `chain retry`) takes the flag down.
    await (await setAttester(stack.serviceId, stack.attester.address, true)).wait();
    await handlers.reconcile({ action: "reconcile", clientId: "acme" }, lambdaContext("chain-reconcile"));
    await drainChainQueue(stack, handlers.attester);
    expect(await isVerified(erin.wallet)).toBe(false);

    // The parked batch no longer names Erin, so a later retry cannot re-send her work either.
    const after = (await stack.failedBatches.list(null)).find((batch) => batch.batchId === parked!.batchId);
    expect(after?.intents.filter((intent) => intent.refId === erin.refId)).toEqual([]);
    expect(await tracesOf(erin)).toEqual([]);
    expect(await isVerified(bystander.wallet)).toBe(true);
  });
});
