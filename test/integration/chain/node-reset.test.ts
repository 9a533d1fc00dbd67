import { jest } from "@jest/globals";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ChangeMessageVisibilityCommand } from "@aws-sdk/client-sqs";
import type { Profile } from "../../../lambdas/domain/profile.js";
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
  type AttesterRound,
  type PipelineHandlers,
} from "./support/pipeline-driver.js";

let stack: ChainStack;
let handlers: PipelineHandlers;
let restoreEnv: () => void;

beforeAll(async () => {
  // One wallet per transaction: each approval gets its own nonce, as in the incident (nonces 5-24).
  stack = await startChainStack("chain-node-reset", { CHAIN_MAX_WALLETS_PER_TX: "1" });
  restoreEnv = applyProcessEnv(stack.env);
  handlers = await importHandlers();
  await seedService(stack, "acme");
}, 120_000);

afterAll(async () => {
  restoreEnv?.();
  await stack?.stop();
});

async function approveMany(prefix: string, count: number): Promise<Profile[]> {
  const profiles: Profile[] = [];
  for (let i = 0; i < count; i += 1) profiles.push(await approvedProfile(stack, "acme", `${prefix}-${i}`));
  await publishOutbox(handlers);
  return profiles;
}

/** Time passes: messages kept queued with the long backoff become visible again. */
async function endBackoff(rounds: readonly AttesterRound[]): Promise<void> {
  const sqs = stack.local.sqsClient();
  try {
    for (const round of rounds) {
      const failed = new Set(round.response.batchItemFailures.map((failure) => failure.itemIdentifier));
      for (const message of round.messages.filter((m) => failed.has(m.MessageId as string))) {
        await sqs
          .send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: stack.chainQueueUrl,
              ReceiptHandle: message.ReceiptHandle!,
              VisibilityTimeout: 0,
            }),
          )
          // Already deleted by a later round: nothing to shorten.
          .catch(() => undefined);
      }
    }
  } finally {
    sqs.destroy();
  }
}

const broadcastMetrics = ["ChainTxSent", "ChainTxRebroadcast", "ChainTxReplaced", "ChainBroadcastFailed"];

describe("the node restarts with an empty chain in the middle of a batch", () => {
  it("raises the alarm at once, broadcasts nothing into the gap, and `chain resync` brings every approved wallet back exactly once", async () => {
    const signer = stack.attester.address;
    const confirmed = await approveMany("confirmed", 5);
    await drainChainQueue(stack, handlers.attester);
    expect(await stack.txStore.nextNonce(signer)).toBe(5);

    // Mid-batch: 20 transactions signed and broadcast (nonces 5-24), none mined yet.
    await stack.rpc("evm_setAutomine", [false]);
    const inFlight = await approveMany("in-flight", 20);
    await drainChainQueue(stack, handlers.attester, { maxRounds: 2 });
    expect((await stack.txStore.listPending(signer)).map((tx) => tx.nonce)).toEqual(
      Array.from({ length: 20 }, (_, i) => 5 + i),
    );

    const registryAddress = await stack.registry.getAddress();
    await stack.restartNodeEmpty();
    // Same deployer, same deployment nonces: the registry is back at the same address, with nothing in it.
    expect(await stack.registry.getAddress()).toBe(registryAddress);
    expect(await stack.provider.getCode(registryAddress)).not.toBe("0x");
    expect(await stack.provider.getTransactionCount(signer, "latest")).toBe(0);

    const addMetric = jest.spyOn(Metrics.prototype, "addMetric");
    const during = await approveMany("during-gap", 3);
    const gapRounds = await drainChainQueue(stack, handlers.attester);
    const metrics = addMetric.mock.calls.map((call) => call[0]);
    addMetric.mockRestore();
    // The first look raises the alarm; the work (new approvals, the settle tick) waits with a long backoff.
    expect(metrics).toContain("ChainNonceGap");
    expect(metrics.filter((name) => broadcastMetrics.includes(name))).toEqual([]);
    expect(gapRounds.length).toBeGreaterThan(0);
    expect(
      gapRounds.every((round) => round.response.batchItemFailures.length === round.messages.length),
    ).toBe(true);
    expect(await queueDepth(stack, stack.chainDlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(await stack.provider.getTransactionCount(signer, "pending")).toBe(0);

    const status = (await handlers.reconcile({ action: "status" }, lambdaContext("chain-reconcile"))) as {
      chainNonce: number;
      nonceGap: { chainNonce: number; expectedNonce: number } | null;
      pending: unknown[];
    };
    expect(status).toMatchObject({ chainNonce: 0, nonceGap: { chainNonce: 0, expectedNonce: 5 } });
    expect(status.pending).toHaveLength(20);

    // The documented recovery. The local registry's service 1 is back (the stack re-created it).
    await stack.rpc("evm_setAutomine", [true]);
    const resync = (await handlers.reconcile(
      { action: "resync", operator: "ops@example.com" },
      lambdaContext("chain-reconcile"),
    )) as { fromNonce: number; toNonce: number; voidedTransactions: number; requeuedIntents: number };
    expect(resync).toMatchObject({ fromNonce: 25, toNonce: 0, voidedTransactions: 25, requeuedIntents: 20 });
    expect(await stack.txStore.listAudit(signer, 10)).toEqual([
      expect.objectContaining({
        action: "CHAIN_RESYNC",
        operator: "ops@example.com",
        fromNonce: 25,
        toNonce: 0,
      }),
    ]);
    // Nothing left to resync: a second run is refused, and changes nothing.
    expect(
      await handlers.reconcile(
        { action: "resync", operator: "ops@example.com" },
        lambdaContext("chain-reconcile"),
      ),
    ).toMatchObject({ status: "error", code: 409 });

    await endBackoff(gapRounds);
    await drainChainQueue(stack, handlers.attester);

    const events = await registryEvents(stack);
    for (const profile of [...confirmed, ...inFlight, ...during]) {
      expect(await stack.registry.getFunction("isVerified")(stack.serviceId, profile.wallet)).toBe(true);
      expect(events.filter((e) => e.name === "Attested" && e.wallet === profile.wallet)).toHaveLength(1);
    }
    // No gap, no reuse: the chain's count is the pipeline's next nonce, every record below it is final.
    const next = await stack.txStore.nextNonce(signer);
    expect(await stack.provider.getTransactionCount(signer, "latest")).toBe(next);
    const records = await stack.txStore.listRecent(signer, 1000);
    expect(records.map((tx) => tx.nonce).sort((a, b) => a - b)).toEqual(
      Array.from({ length: next! }, (_, i) => i),
    );
    expect(records.every((tx) => tx.status === "confirmed")).toBe(true);
    expect(
      (await handlers.reconcile({ action: "status" }, lambdaContext("chain-reconcile"))) as object,
    ).toMatchObject({ nonceGap: null, pending: [] });
  });
});
