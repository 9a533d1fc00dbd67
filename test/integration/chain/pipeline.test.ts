import { jest } from "@jest/globals";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { nonceKey } from "../../../lambdas/adapters/dynamodb/chain-keys.js";
import { Wallet, ZeroAddress } from "ethers";
import { refKeyOf } from "../../../lambdas/adapters/chain/registry-codec.js";
import { encodeChainWork } from "../../../lambdas/adapters/chain/chain-work-message.js";
import { SqsChainQueue } from "../../../lambdas/adapters/chain/chain-queue.js";
import { intentFromOutbox } from "../../../lambdas/domain/chain/intent.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { applyProcessEnv } from "../../support/process-env.js";
import { startChainStack, type ChainStack } from "./support/chain-stack.js";
import {
  approvedProfile,
  changeStatus,
  drainChainQueue,
  importHandlers,
  publishOutbox,
  queueDepth,
  registryEvents,
  seedService,
  waitingProfile,
  type PipelineHandlers,
} from "./support/pipeline-driver.js";

let stack: ChainStack;
let handlers: PipelineHandlers;
let restoreEnv: () => void;

beforeAll(async () => {
  stack = await startChainStack("chain-pipeline");
  restoreEnv = applyProcessEnv(stack.env);
  handlers = await importHandlers();
}, 120_000);

afterAll(async () => {
  restoreEnv?.();
  await stack?.stop();
});

const isVerified = (wallet: string) =>
  stack.registry.getFunction("isVerified")(stack.serviceId, wallet) as Promise<boolean>;

async function runPipeline() {
  await publishOutbox(handlers);
  return drainChainQueue(stack, handlers.attester);
}

describe("chain pipeline against a real Hardhat node", () => {
  it("puts every approval on-chain in one batch transaction and records it on each profile", async () => {
    await seedService(stack, "acme");
    const profiles = await Promise.all(
      ["a1", "a2", "a3"].map((refId) => approvedProfile(stack, "acme", refId)),
    );
    const published = await publishOutbox(handlers);
    expect(published).toEqual({ published: 3, messages: 1 });

    const rounds = await drainChainQueue(stack, handlers.attester);
    // The work round sends the transaction; settle ticks come back until it is confirmed and recorded.
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    expect(rounds.every((round) => round.response.batchItemFailures.length === 0)).toBe(true);

    const salt = stack.salt.saltOf("acme");
    const txHashes = new Set<string>();
    for (const profile of profiles) {
      expect(await isVerified(profile.wallet)).toBe(true);
      expect(
        await stack.registry.getFunction("isIssuedFor")(
          stack.serviceId,
          profile.wallet,
          refKeyOf(salt, profile.refId),
        ),
      ).toBe(true);
      const record = await stack.records.getProfileRecord("acme", profile.refId);
      const expiry = Math.floor(Date.parse(profile.approvedDate!) / 1000) + 365 * 86_400;
      expect(record).toMatchObject({
        chainId: Number(stack.node.chainId),
        registry: await stack.registry.getAddress(),
        serviceId: "1",
        wallet: profile.wallet,
        verifiedUntil: expiry,
        profileVersion: profile.version,
      });
      expect(Number(await stack.registry.getFunction("verifiedUntil")(stack.serviceId, profile.wallet))).toBe(
        expiry,
      );
      const receipt = await stack.provider.getTransactionReceipt(record!.txHash);
      expect(receipt?.blockNumber).toBe(record!.blockNumber);
      txHashes.add(record!.txHash);
    }
    expect(txHashes.size).toBe(1);
    expect(await stack.txStore.listPending(stack.attester.address)).toEqual([]);
  });

  it("a redelivered or republished message does not send anything twice", async () => {
    await seedService(stack, "acme");
    const profile = await approvedProfile(stack, "acme", "dup-1");
    await runPipeline();
    const before = await stack.provider.getTransactionCount(stack.attester.address);
    const intent = intentFromOutbox({
      id: "replayed",
      kind: "chain",
      intent: "attest",
      clientId: "acme",
      refId: profile.refId,
      wallet: profile.wallet,
      at: profile.approvedDate!,
      profileVersion: profile.version,
    });
    const queue = new SqsChainQueue(stack.local.sqsClient(), stack.chainQueueUrl, stack.attester.address);
    await queue.publish([intent], "replay");
    const rounds = await drainChainQueue(stack, handlers.attester);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]?.response.batchItemFailures).toEqual([]);
    expect(await stack.provider.getTransactionCount(stack.attester.address)).toBe(before);
  });

  it("approve then block in one batch sends only the revoke; approve, block, approve ends verified", async () => {
    await seedService(stack, "acme");
    const blocked = await changeStatus(stack, await approvedProfile(stack, "acme", "ab-1"), "blocked");
    const reapproved = await changeStatus(
      stack,
      await changeStatus(stack, await approvedProfile(stack, "acme", "aba-1"), "blocked"),
      "approved",
    );
    await runPipeline();

    expect(await isVerified(blocked.wallet)).toBe(false);
    expect(await isVerified(reapproved.wallet)).toBe(true);
    const events = await registryEvents(stack);
    expect(events.filter((event) => event.wallet === blocked.wallet)).toEqual([]);
    expect(events.filter((event) => event.wallet === reapproved.wallet).map((e) => e.name)).toEqual([
      "Attested",
    ]);
    expect(await stack.records.getProfileRecord("acme", blocked.refId)).toMatchObject({
      verifiedUntil: 0,
      profileVersion: blocked.version,
    });

    // And across batches: the block arrives after the flag landed.
    const later = await changeStatus(stack, reapproved, "blocked");
    await runPipeline();
    expect(await isVerified(later.wallet)).toBe(false);
    const again = await changeStatus(stack, later, "approved");
    await runPipeline();
    expect(await isVerified(again.wallet)).toBe(true);
  });

  it("pipelines: decisions made while a transaction is pending go out with the next nonce, in order", async () => {
    await seedService(stack, "acme");
    await stack.rpc("evm_setAutomine", [false]);
    try {
      const first = await approvedProfile(stack, "acme", "pipe-1");
      await publishOutbox(handlers);
      const [sendRound] = await drainChainQueue(stack, handlers.attester, { maxRounds: 1 });
      expect(sendRound?.response.batchItemFailures).toEqual([]);
      // Blocked and approved again while its attestation is still unmined, plus a new approval.
      const blocked = await changeStatus(stack, first, "blocked");
      await publishOutbox(handlers);
      await drainChainQueue(stack, handlers.attester, { maxRounds: 2 });
      const second = await approvedProfile(stack, "acme", "pipe-2");
      const reapproved = await changeStatus(stack, blocked, "approved");
      await publishOutbox(handlers);
      await drainChainQueue(stack, handlers.attester, { maxRounds: 2 });

      const pending = await stack.txStore.listPending(stack.attester.address);
      expect(pending.map((tx) => tx.batch.plan.kind)).toEqual(["attest", "revoke", "attest"]);
      expect(pending.map((tx) => tx.nonce)).toEqual([
        pending[0]!.nonce,
        pending[0]!.nonce + 1,
        pending[0]!.nonce + 2,
      ]);
      await stack.rpc("evm_mine");
      await drainChainQueue(stack, handlers.attester);

      expect(await stack.txStore.listPending(stack.attester.address)).toEqual([]);
      expect(await isVerified(reapproved.wallet)).toBe(true);
      expect(await isVerified(second.wallet)).toBe(true);
      expect(
        (await registryEvents(stack)).filter((event) => event.wallet === first.wallet).map((e) => e.name),
      ).toEqual(["Attested", "Revoked", "Attested"]);
      expect(await stack.records.getProfileRecord("acme", first.refId)).toMatchObject({
        profileVersion: reapproved.version,
      });
    } finally {
      await stack.rpc("evm_setAutomine", [true]);
    }
  });

  it("keeps one settle tick queued while transactions are pending; reconcile re-issues a lost one", async () => {
    await seedService(stack, "acme");
    await stack.rpc("evm_setAutomine", [false]);
    const sqs = stack.local.sqsClient();
    try {
      const profile = await approvedProfile(stack, "acme", "tick-1");
      await publishOutbox(handlers);
      await drainChainQueue(stack, handlers.attester, { maxRounds: 1 });
      // Two more looks while unmined: still exactly one tick queued, never two.
      await drainChainQueue(stack, handlers.attester, { maxRounds: 2 });
      expect(await queueDepth(stack, stack.chainQueueUrl)).toEqual({ visible: 1, inFlight: 0 });

      // The tick is lost (its message gone, as if its publish had failed) and a minute passes.
      const { Messages: [tick] = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.chainQueueUrl }),
      );
      expect(JSON.parse(tick!.Body!)).toHaveProperty("settleTick");
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: stack.chainQueueUrl, ReceiptHandle: tick!.ReceiptHandle! }),
      );
      await stack.documents.send(
        new UpdateCommand({
          TableName: stack.local.tableName,
          Key: nonceKey(stack.attester.address),
          UpdateExpression: "SET settleTickAt = :old",
          ExpressionAttributeValues: { ":old": new Date(Date.now() - 61_000).toISOString() },
        }),
      );
      await stack.rpc("evm_mine");
      await handlers.reconcile({ action: "reconcile", clientId: "acme" }, lambdaContext("chain-reconcile"));
      await drainChainQueue(stack, handlers.attester);
      expect(await stack.txStore.listPending(stack.attester.address)).toEqual([]);
      expect(await stack.records.getProfileRecord("acme", profile.refId)).toMatchObject({
        profileVersion: profile.version,
      });
    } finally {
      sqs.destroy();
      await stack.rpc("evm_setAutomine", [true]);
    }
  });

  it("blocking a duplicate that shares the original's wallet keeps the original's flag", async () => {
    await seedService(stack, "acme");
    const original = await approvedProfile(stack, "acme", "orig-1");
    await runPipeline();
    const duplicate = await changeStatus(
      stack,
      await approvedProfile(stack, "acme", "dupe-of-orig-1", original.wallet),
      "blocked",
    );
    await runPipeline();
    expect(await isVerified(original.wallet)).toBe(true);
    const refKey = refKeyOf(stack.salt.saltOf("acme"), original.refId);
    expect(await stack.registry.getFunction("isIssuedFor")(stack.serviceId, original.wallet, refKey)).toBe(
      true,
    );
    expect(await stack.records.getProfileRecord("acme", duplicate.refId)).toMatchObject({ verifiedUntil: 0 });
  });

  it("skips services without on-chain KYC and leaves no work behind", async () => {
    await stack.services.put({
      ...(await stack.services.get("acme"))!,
      clientId: "payg-co",
      plan: "payg",
      onchainServiceId: null,
    });
    const profile = await approvedProfile(stack, "payg-co", "p1");
    const rounds = await runPipeline();
    expect(rounds[0]?.response.batchItemFailures).toEqual([]);
    expect(await isVerified(profile.wallet)).toBe(false);
    expect(await queueDepth(stack, stack.chainQueueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("a paused registry keeps the work queued with a long backoff, and it drains after unpause", async () => {
    await seedService(stack, "acme");
    await (await stack.registry.getFunction("pause")()).wait();
    const profile = await approvedProfile(stack, "acme", "paused-1");
    const rounds = await runPipeline();
    expect(rounds).toHaveLength(1);
    expect(rounds[0]?.response.batchItemFailures).toHaveLength(1);
    // Still queued, invisible during the backoff: not lost, not dead-lettered.
    expect(await queueDepth(stack, stack.chainQueueUrl)).toEqual({ visible: 0, inFlight: 1 });
    expect(await queueDepth(stack, stack.chainDlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(await isVerified(profile.wallet)).toBe(false);

    await (await stack.registry.getFunction("unpause")()).wait();
    // Time passes: the backoff ends (the test shortens it instead of waiting 30 s).
    const sqs = stack.local.sqsClient();
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: stack.chainQueueUrl,
        ReceiptHandle: rounds[0]!.messages[0]!.ReceiptHandle!,
        VisibilityTimeout: 0,
      }),
    );
    sqs.destroy();
    const after = await drainChainQueue(stack, handlers.attester);
    expect(after.every((round) => round.response.batchItemFailures.length === 0)).toBe(true);
    expect(await isVerified(profile.wallet)).toBe(true);
  });

  it("a refused batch (attester role removed) is parked with an alarm metric and an operator can retry it", async () => {
    await seedService(stack, "acme");
    const addMetric = jest.spyOn(Metrics.prototype, "addMetric");
    const setAttester = stack.registry.getFunction("setAttester");
    await (await setAttester(stack.serviceId, stack.attester.address, false)).wait();
    const profile = await approvedProfile(stack, "acme", "refused-1");
    const rounds = await runPipeline();
    expect(rounds[0]?.response.batchItemFailures).toEqual([]);
    expect(await isVerified(profile.wallet)).toBe(false);
    const [failed, ...others] = await stack.failedBatches.list("failed");
    expect(others).toEqual([]);
    expect(failed).toMatchObject({
      reason: "KycRegistryUnauthorizedAttester",
      kind: "attest",
      clientId: "acme",
    });
    expect(failed?.intents.map((intent) => intent.refId)).toEqual([profile.refId]);
    expect(addMetric.mock.calls.map((call) => call[0])).toContain("ChainBatchFailed");
    addMetric.mockRestore();
    // What the operator sees with `chain status` (no wallets, only counts and identifiers).
    const status = await handlers.reconcile({ action: "status" }, lambdaContext("chain-reconcile"));
    expect(status).toMatchObject({
      action: "status",
      signer: stack.attester.address,
      registryPaused: false,
      pending: [],
      failedBatches: [
        {
          batchId: failed!.batchId,
          clientId: "acme",
          kind: "attest",
          reason: "KycRegistryUnauthorizedAttester",
        },
      ],
    });
    expect(JSON.stringify(status).toLowerCase()).not.toContain(profile.wallet.slice(2).toLowerCase());
    // A malformed invoke payload is answered like the ops functions answer it: a 400, no stack.
    for (const malformed of [{ action: "bogus" }, { action: "reconcile", dryRun: "yes" }, null]) {
      const refused = await handlers.reconcile(malformed, lambdaContext("chain-reconcile"));
      expect(refused).toEqual({ status: "error", code: 400, message: expect.stringMatching(/^Invalid /) });
      expect(JSON.stringify(refused)).not.toMatch(/\.ts|\.js|node_modules/);
    }

    await (await setAttester(stack.serviceId, stack.attester.address, true)).wait();
    const retry = (await handlers.reconcile(
      { action: "retry-failed" },
      lambdaContext("chain-reconcile"),
    )) as {
      requeued: { batchId: string }[];
    };
    expect(retry.requeued.map((entry) => entry.batchId)).toEqual([failed!.batchId]);
    await drainChainQueue(stack, handlers.attester);
    expect(await isVerified(profile.wallet)).toBe(true);
    expect(await stack.failedBatches.list("failed")).toEqual([]);
  });

  it("one wallet the registry refuses does not take its batch down: 19 of 20 flags land, it is parked alone", async () => {
    const addMetric = jest.spyOn(Metrics.prototype, "addMetric");
    const legitimate = await Promise.all(
      Array.from({ length: 19 }, (_, index) => approvedProfile(stack, "acme", `poison-ok-${index}`)),
    );
    // Intake refuses the zero address; this profile stands for any entry the registry refuses.
    const poison = await approvedProfile(stack, "acme", "poison-zero", ZeroAddress);
    try {
      await runPipeline();
      for (const profile of legitimate) expect(await isVerified(profile.wallet)).toBe(true);
      const parked = (await stack.failedBatches.list("failed")).filter((batch) =>
        batch.intents.some((intent) => intent.refId.startsWith("poison-")),
      );
      expect(parked).toEqual([
        expect.objectContaining({
          reason: "KycRegistryZeroAddress",
          intentCount: 1,
          intents: [expect.objectContaining({ refId: poison.refId })],
        }),
      ]);
      expect(addMetric.mock.calls.filter(([name]) => name === "ChainBatchFailed")).toHaveLength(1);
      // Retrying after nothing was fixed sends none of the 19 again: they are applied at their version.
      const before = await stack.txStore.nextNonce(stack.attester.address);
      await handlers.reconcile({ action: "retry-failed" }, lambdaContext("chain-reconcile"));
      await drainChainQueue(stack, handlers.attester);
      expect(await stack.txStore.nextNonce(stack.attester.address)).toBe(before);
      // The retried entry is refused again and parked again: still visible, never silently dropped.
      expect(
        (await stack.failedBatches.list("failed")).filter((batch) =>
          batch.intents.some((intent) => intent.refId === poison.refId),
        ),
      ).toEqual([expect.objectContaining({ reason: "KycRegistryZeroAddress", intentCount: 1 })]);
      // Reconcile leaves the parked entry to the operator instead of re-sending it every hour.
      const dryRun = (await handlers.reconcile(
        { action: "reconcile", clientId: "acme", dryRun: true },
        lambdaContext("chain-reconcile"),
      )) as { services: { attest: { refId: string }[] }[] };
      expect(dryRun.services[0]?.attest.map((entry) => entry.refId)).not.toContain(poison.refId);
    } finally {
      addMetric.mockRestore();
    }
  });

  it("reconcile repairs drift in both directions and reports it", async () => {
    await seedService(stack, "acme");
    const kept = await approvedProfile(stack, "acme", "rec-kept");
    const removedOnChain = await approvedProfile(stack, "acme", "rec-removed");
    const blocked = await changeStatus(stack, await approvedProfile(stack, "acme", "rec-blocked"), "blocked");
    await runPipeline();
    // Somebody else (another attester of the service) changes the flags behind the pipeline's back.
    const rogue = await stack.provider.getSigner(5);
    await (
      await stack.registry.getFunction("setAttester")(stack.serviceId, await rogue.getAddress(), true)
    ).wait();
    const asRogue = stack.registry.connect(rogue);
    await (await asRogue.getFunction("revokeBatch")(stack.serviceId, [removedOnChain.wallet])).wait();
    const far = BigInt(Math.floor(Date.now() / 1000) + 400 * 86_400);
    await (
      await asRogue.getFunction("attest")(
        stack.serviceId,
        blocked.wallet,
        refKeyOf(stack.salt.saltOf("acme"), "x"),
        far,
      )
    ).wait();

    const dryRun = (await handlers.reconcile(
      { action: "reconcile", clientId: "acme", dryRun: true },
      lambdaContext("r"),
    )) as {
      services: { attest: { refId: string }[]; revoke: { refId: string }[] }[];
      repairsQueued: number;
    };
    expect(dryRun.repairsQueued).toBe(0);
    expect(dryRun.services[0]?.attest.map((entry) => entry.refId)).toEqual([removedOnChain.refId]);
    expect(dryRun.services[0]?.revoke.map((entry) => entry.refId)).toEqual([blocked.refId]);

    const report = (await handlers.reconcile({ action: "reconcile" }, lambdaContext("r"))) as {
      repairsQueued: number;
    };
    expect(report.repairsQueued).toBe(2);
    await drainChainQueue(stack, handlers.attester);
    expect(await isVerified(kept.wallet)).toBe(true);
    expect(await isVerified(removedOnChain.wallet)).toBe(true);
    expect(await isVerified(blocked.wallet)).toBe(false);

    const clean = (await handlers.reconcile(
      { action: "reconcile", clientId: "acme" },
      lambdaContext("r"),
    )) as {
      repairsQueued: number;
    };
    expect(clean.repairsQueued).toBe(0);
  });

  it("rejects a malformed chain message without blocking the queue", async () => {
    const sqs = stack.local.sqsClient();
    const { SendMessageCommand } = await import("@aws-sdk/client-sqs");
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.chainQueueUrl,
        MessageBody: JSON.stringify({ intents: [{ nonsense: true }] }),
        MessageGroupId: stack.attester.address,
        MessageDeduplicationId: "malformed",
      }),
    );
    sqs.destroy();
    const profile = await waitingProfile(stack, "acme", "after-malformed", Wallet.createRandom().address);
    await changeStatus(stack, profile, "approved");
    const rounds = await runPipeline();
    expect(rounds.flatMap((round) => round.response.batchItemFailures)).toEqual([]);
    expect(await isVerified(profile.wallet)).toBe(true);
    expect(encodeChainWork).toBeDefined();
  });
});
