import { jest } from "@jest/globals";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { attesterDepsFromEnv } from "../../../lambdas/adapters/chain/chain-from-env.js";
import type { ChainObserver } from "../../../lambdas/adapters/chain/chain-observer.js";
import { decodeChainWork } from "../../../lambdas/adapters/chain/chain-work-message.js";
import { NonceSafeSender } from "../../../lambdas/adapters/chain/nonce-safe-sender.js";
import { runAttester } from "../../../lambdas/adapters/chain/attester-run.js";
import type { ChainTxRecord } from "../../../lambdas/adapters/dynamodb/chain-tx-store.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { waitUntil } from "../../support/wait-until.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { applyProcessEnv } from "../../support/process-env.js";
import { startChainStack, type ChainStack } from "./support/chain-stack.js";
import {
  approvedProfile,
  drainChainQueue,
  importHandlers,
  publishOutbox,
  queueDepth,
  registryEvents,
  seedService,
  type PipelineHandlers,
} from "./support/pipeline-driver.js";

/** Two confirmations and blocks every 500 ms: a transaction is final one block after its own. */
const BLOCK_MS = 500;
let stack: ChainStack;
let handlers: PipelineHandlers;
let restoreEnv: () => void;

beforeAll(async () => {
  stack = await startChainStack("chain-failures", {
    CHAIN_CONFIRMATIONS: "2",
    CHAIN_STUCK_AFTER_SECONDS: "60",
  });
  restoreEnv = applyProcessEnv(stack.env);
  handlers = await importHandlers();
  await seedService(stack, "acme");
}, 120_000);

beforeEach(async () => {
  await stack.proxy.stop().then(() => stack.proxy.start());
  await resumeMining();
});

afterAll(async () => {
  restoreEnv?.();
  await stack?.stop();
});

const pauseMining = async () => {
  await stack.rpc("evm_setIntervalMining", [0]);
  await stack.rpc("evm_setAutomine", [false]);
};
const resumeMining = () => stack.rpc("evm_setIntervalMining", [BLOCK_MS]);

const isVerified = (wallet: string) =>
  stack.registry.getFunction("isVerified")(stack.serviceId, wallet) as Promise<boolean>;

async function approveMany(prefix: string, count: number): Promise<Profile[]> {
  const profiles = await Promise.all(
    Array.from({ length: count }, (_, i) => approvedProfile(stack, "acme", `${prefix}-${i}`)),
  );
  await publishOutbox(handlers);
  return profiles;
}

async function pendingTx(): Promise<ChainTxRecord> {
  let found: ChainTxRecord | undefined;
  await waitUntil("a persisted pending transaction", async () => {
    [found] = await stack.txStore.listPending(stack.attester.address);
    return found !== undefined;
  });
  return found!;
}

/** No gap, no reuse: the chain's nonce is the pipeline's next one and every nonce below it is final. */
async function expectNonceConsistency(): Promise<void> {
  const signer = stack.attester.address;
  const next = await stack.txStore.nextNonce(signer);
  expect(await stack.provider.getTransactionCount(signer, "latest")).toBe(next);
  const records = await stack.txStore.listRecent(signer, 1000);
  expect(records.map((tx) => tx.nonce).sort((a, b) => a - b)).toEqual(
    Array.from({ length: next! }, (_, i) => i),
  );
  expect(records.every((tx) => tx.status !== "pending")).toBe(true);
}

/** Each wallet got exactly one Attested event on the canonical chain. */
async function expectAttestedOnce(profiles: readonly Profile[]): Promise<void> {
  const events = await registryEvents(stack);
  for (const profile of profiles) {
    expect(await isVerified(profile.wallet)).toBe(true);
    expect(
      events.filter((event) => event.name === "Attested" && event.wallet === profile.wallet),
    ).toHaveLength(1);
  }
}

/** Drains the retried work once its backoff is over (long polling for it). */
function drainRetried() {
  return drainChainQueue(stack, handlers.attester, { waitSeconds: 15 });
}

describe("chain pipeline failures against a real Hardhat node", () => {
  it("the node stops mid-batch and restarts without its pool: the same transaction lands once, no nonce gap", async () => {
    const profiles = await approveMany("node-down", 5);
    await pauseMining();
    const [sendRound] = await drainChainQueue(stack, handlers.attester, { maxRounds: 1 });
    // The work is done once its signed transaction is persisted: the message is not kept.
    expect(sendRound?.response.batchItemFailures).toEqual([]);
    const tx = await pendingTx();
    await stack.proxy.stop();
    // A restarted node forgets its pool: the broadcast transaction is gone.
    expect(await stack.rpc("hardhat_dropTransaction", [tx.attempts[0]!.hash])).toBe(true);
    // While the node is away the settle ticks look, fail to reach it and keep the transaction pending.
    const downRounds = await drainChainQueue(stack, handlers.attester, { maxRounds: 3 });
    expect(downRounds).toHaveLength(3);
    expect(downRounds.every((round) => round.response.batchItemFailures.length === 0)).toBe(true);
    expect(await stack.txStore.get(stack.attester.address, tx.nonce)).toMatchObject({ status: "pending" });

    await stack.proxy.start();
    await resumeMining();
    const rounds = await drainRetried();
    expect(rounds.every((round) => round.response.batchItemFailures.length === 0)).toBe(true);

    const final = await stack.txStore.get(stack.attester.address, tx.nonce);
    // The persisted bytes landed as they were (one attempt, its hash); once final they are dropped.
    expect(final).toMatchObject({ status: "confirmed" });
    expect(final).not.toHaveProperty("rawTx");
    expect(final?.attempts.map((attempt) => attempt.hash)).toEqual([tx.attempts[0]!.hash]);
    await expectAttestedOnce(profiles);
    await expectNonceConsistency();
  });

  it("a crash after broadcast but before recording: the retry finds the persisted transaction and sends nothing new", async () => {
    const profiles = await approveMany("crash", 3);
    const send = NonceSafeSender.prototype.send;
    const crash = jest.spyOn(NonceSafeSender.prototype, "send").mockImplementationOnce(async function (
      this: NonceSafeSender,
      ...args: Parameters<typeof send>
    ) {
      await send.apply(this, args);
      throw new Error("Lambda runtime exited (simulated crash)");
    });
    const [crashed] = await drainChainQueue(stack, handlers.attester, { maxRounds: 1 });
    crash.mockRestore();
    expect(crashed?.response.batchItemFailures).toHaveLength(1);
    const tx = await pendingTx();
    const countAfterCrash = await stack.provider.getTransactionCount(stack.attester.address, "pending");

    await drainRetried();
    expect(await stack.provider.getTransactionCount(stack.attester.address, "latest")).toBe(countAfterCrash);
    expect(await stack.txStore.get(stack.attester.address, tx.nonce)).toMatchObject({ status: "confirmed" });
    for (const profile of profiles) {
      expect(await stack.records.getProfileRecord("acme", profile.refId)).toMatchObject({
        txHash: tx.attempts[0]!.hash,
      });
    }
    await expectAttestedOnce(profiles);
    await expectNonceConsistency();
  });

  it("a reorg removes the batch's block before it is final: the work is waited for again and lands once", async () => {
    const addMetric = jest.spyOn(Metrics.prototype, "addMetric");
    const profiles = await approveMany("reorg", 2);
    await pauseMining();
    const snapshot = await stack.rpc("evm_snapshot");
    const run = drainChainQueue(stack, handlers.attester);
    const tx = await pendingTx();
    await stack.rpc("evm_mine");
    await waitUntil("the attester to see the first inclusion", async () => {
      const seen = await stack.txStore.get(stack.attester.address, tx.nonce);
      return seen?.inclusion !== null && seen?.inclusion !== undefined;
    });
    const orphaned = (await stack.txStore.get(stack.attester.address, tx.nonce))!.inclusion!;
    expect(await stack.rpc("evm_revert", [snapshot])).toBe(true);
    await resumeMining();

    const rounds = await run;
    expect(rounds.every((round) => round.response.batchItemFailures.length === 0)).toBe(true);
    expect(addMetric.mock.calls.map((call) => call[0])).toContain("ChainReorgDetected");
    addMetric.mockRestore();
    const record = await stack.records.getProfileRecord("acme", profiles[0]!.refId);
    const canonical = await stack.provider.getBlock(record!.blockNumber);
    // Re-mined on the reverted chain (the same height and second can even give the same block hash).
    expect(record!.blockNumber).toBeGreaterThanOrEqual(orphaned.blockNumber);
    expect((await stack.provider.getTransactionReceipt(record!.txHash))?.blockHash).toBe(canonical?.hash);
    await expectAttestedOnce(profiles);
    await expectNonceConsistency();
  });

  it("a stuck transaction is replaced with the same nonce and higher fees; exactly one attempt lands", async () => {
    const profiles = await approveMany("stuck", 2);
    await pauseMining();
    const events: string[] = [];
    const observer: ChainObserver = {
      info: (message) => events.push(message),
      warn: (message) => events.push(message),
      error: (message) => events.push(message),
      count: (metric) => events.push(metric),
    };
    const sqs = stack.local.sqsClient();
    const deps = await attesterDepsFromEnv(observer, { ...process.env, CHAIN_STUCK_AFTER_SECONDS: "1" });
    const { Messages: [message] = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.chainQueueUrl }),
    );
    const sent = await runAttester(deps, decodeChainWork(message!.Body!));
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: stack.chainQueueUrl, ReceiptHandle: message!.ReceiptHandle! }),
    );
    expect(sent).toMatchObject({ transactions: 1, pending: 1, flagsConfirmed: 0 });
    const tx = await pendingTx();
    // Later runs (settle ticks) look at it; once it is older than a second they replace it.
    await waitUntil("a replacement attempt", async () => {
      await runAttester(deps, []);
      const seen = await stack.txStore.get(stack.attester.address, tx.nonce);
      return (seen?.attempts.length ?? 0) >= 2;
    });
    await resumeMining();
    let confirmed = 0;
    await waitUntil("the transaction to be final", async () => {
      const report = await runAttester(deps, []);
      confirmed += report.flagsConfirmed;
      return report.pending === 0;
    });
    sqs.destroy();
    deps.registry.destroy();

    expect(confirmed).toBe(2);
    expect(events).toContain("ChainTxReplaced");
    const final = await stack.txStore.get(stack.attester.address, tx.nonce);
    const fees = final!.attempts.map((attempt) => BigInt(attempt.maxFeePerGas));
    expect(fees.every((fee, i) => i === 0 || fee > fees[i - 1]!)).toBe(true);
    const landed = await Promise.all(
      final!.attempts.map((attempt) => stack.provider.getTransactionReceipt(attempt.hash)),
    );
    expect(landed.filter((receipt) => receipt !== null)).toHaveLength(1);
    await expectAttestedOnce(profiles);
    await expectNonceConsistency();
  });

  it("a batch mined after the registry was paused re-queues its work, which waits and lands after unpause", async () => {
    const profiles = await approveMany("paused-late", 2);
    await pauseMining();
    const run = drainChainQueue(stack, handlers.attester);
    const tx = await pendingTx();
    // The pause outbids the batch, so the batch is mined after it in the same block and reverts.
    await stack.registry.getFunction("pause").send({
      maxPriorityFeePerGas: 50n * 10n ** 9n,
      maxFeePerGas: 100n * 10n ** 9n,
    });
    await resumeMining();
    const rounds = await run;
    expect(await stack.txStore.get(stack.attester.address, tx.nonce)).toMatchObject({
      status: "reverted",
      outcome: "KycRegistryPaused",
    });
    // The re-queued work met the pause and is kept with the long backoff: not lost, not dead-lettered.
    const waiting = rounds.at(-1)!;
    expect(waiting.response.batchItemFailures).toHaveLength(1);
    expect(await queueDepth(stack, stack.chainQueueUrl)).toEqual({ visible: 0, inFlight: 1 });
    expect(await queueDepth(stack, stack.chainDlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(await isVerified(profiles[0]!.wallet)).toBe(false);

    await (await stack.registry.getFunction("unpause")()).wait();
    // Time passes: the backoff ends (shortened instead of waiting 30 s).
    const sqs = stack.local.sqsClient();
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: stack.chainQueueUrl,
        ReceiptHandle: waiting.messages[0]!.ReceiptHandle!,
        VisibilityTimeout: 0,
      }),
    );
    sqs.destroy();
    await drainChainQueue(stack, handlers.attester);
    await expectAttestedOnce(profiles);
    await expectNonceConsistency();
  });

  it("a batch that reverts on-chain (role removed before it was mined) is parked, alarmed and retried by an operator", async () => {
    const addMetric = jest.spyOn(Metrics.prototype, "addMetric");
    const profiles = await approveMany("reverted", 2);
    await pauseMining();
    const run = drainChainQueue(stack, handlers.attester);
    await pendingTx();
    const setAttester = stack.registry.getFunction("setAttester");
    // The admin's change outbids the batch, so it is mined first in the same block.
    await setAttester.send(stack.serviceId, stack.attester.address, false, {
      maxPriorityFeePerGas: 50n * 10n ** 9n,
      maxFeePerGas: 100n * 10n ** 9n,
    });
    await resumeMining();
    const rounds = await run;
    expect(rounds.every((round) => round.response.batchItemFailures.length === 0)).toBe(true);
    const failed = (await stack.failedBatches.list("failed")).find((batch) =>
      batch.intents[0]?.refId.startsWith("reverted"),
    );
    expect(failed).toMatchObject({ reason: "KycRegistryUnauthorizedAttester" });
    expect((await stack.provider.getTransactionReceipt(failed!.txHash!))?.status).toBe(0);
    expect(addMetric.mock.calls.map((call) => call[0])).toContain("ChainBatchFailed");
    addMetric.mockRestore();
    await expectNonceConsistency();

    await (await setAttester(stack.serviceId, stack.attester.address, true)).wait();
    await handlers.reconcile(
      { action: "retry-failed", batchId: failed!.batchId },
      lambdaContext("chain-reconcile"),
    );
    await drainChainQueue(stack, handlers.attester);
    await expectAttestedOnce(profiles);
    await expectNonceConsistency();
  });
});
