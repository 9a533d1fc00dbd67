/**
 * `npx tsx scripts/bench/chain-gap.ts` (npm script `bench:chain-gap`): what the attester does when its
 * node comes back with an empty chain in the middle of a batch, on the real local servers (DynamoDB Local,
 * fauxqs, a real `hardhat node`) with the real handlers driven the way Lambda's SQS event source drives
 * them.
 *
 * 1. 5 approvals are attested and confirmed (nonces 0-4), one wallet per transaction
 *    (CHAIN_MAX_WALLETS_PER_TX=1) so that nonces are easy to follow;
 * 2. mining stops, 20 more approvals are sent (nonces 5-24, pending);
 * 3. the node dies and a fresh one starts on the same port; the registry is deployed again at the same
 *    address (the attester's nonce on the new chain is 0);
 * 4. for a fixed window (--seconds, 30) the attester runs on whatever the queue holds (settle ticks, and
 *    5 approvals made during the gap); WARN log lines, broadcasts and ChainNonceGap metrics are counted;
 * 5. the operator runs `chain resync` (the reconcile function's `resync` action) and the queue is drained:
 *    approved wallets without their flag, and wallets attested more than once, are counted.
 * Options: --seconds <n> (30) --json.
 */
import { parseArgs } from "node:util";
import {
  approvedProfile,
  drainChainQueue,
  importHandlers,
  publishOutbox,
  registryEvents,
  seedService,
} from "../../test/integration/chain/support/pipeline-driver.js";
import { ChangeMessageVisibilityCommand } from "@aws-sdk/client-sqs";
import type { AttesterRound } from "../../test/integration/chain/support/pipeline-driver.js";
import { startChainStack, type ChainStack } from "../../test/integration/chain/support/chain-stack.js";
import { lambdaContext } from "../../test/support/lambda-events.js";
import { applyProcessEnv } from "../../test/support/process-env.js";

const { values: options } = parseArgs({
  options: { seconds: { type: "string", default: "30" }, json: { type: "boolean", default: false } },
});

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

export interface GapResult {
  windowSeconds: number;
  warnLines: number;
  warnLinesPerMinute: number;
  /** WARN lines by message, most frequent first. */
  warnMessages: Record<string, number>;
  /** Broadcasts the attester made into the gap (new transactions, re-broadcasts, replacements). */
  broadcastsIntoGap: number;
  /** Of which the node refused ("nonce too high"). */
  broadcastsRefused: number;
  nonceGapAlarms: number;
  resync: unknown;
  approved: number;
  flagsLost: number;
  duplicateAttestations: number;
}

/**
 * Counts the handlers' JSON log lines (WARN and ERROR go to stderr) and EMF metrics (stdout) while
 * `counting`, and keeps every JSON line off the screen.
 */
function captureHandlerOutput() {
  const warnings = new Map<string, number>();
  const metrics = new Map<string, number>();
  let counting = false;
  const count = (text: string) => {
    for (const line of text.split("\n").filter((l) => l.startsWith("{"))) {
      if (!counting) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.level === "WARN") {
        const message = String(entry.message);
        warnings.set(message, (warnings.get(message) ?? 0) + 1);
      }
      const aws = entry._aws as { CloudWatchMetrics?: { Metrics: { Name: string }[] }[] } | undefined;
      for (const { Name } of aws?.CloudWatchMetrics?.[0]?.Metrics ?? []) {
        const value = entry[Name] as number | number[];
        const sum = Array.isArray(value) ? value.reduce((a, b) => a + b, 0) : Number(value);
        metrics.set(Name, (metrics.get(Name) ?? 0) + sum);
      }
    }
  };
  const restores = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (text.startsWith("{")) {
        count(text);
        return true;
      }
      // Powertools' notice that a run published no metric: noise here.
      if (text.startsWith("No application metrics")) return true;
      return write(chunk, ...(rest as []));
    }) as typeof stream.write;
    return () => (stream.write = write);
  });
  return {
    warnings,
    metrics,
    start: () => (counting = true),
    stop: () => (counting = false),
    restore: () => restores.forEach((restore) => restore()),
  };
}

async function endBackoff(stack: ChainStack, rounds: readonly AttesterRound[]): Promise<void> {
  const sqs = stack.local.sqsClient();
  for (const round of rounds) {
    const failed = new Set(round.response.batchItemFailures.map((failure) => failure.itemIdentifier));
    for (const message of round.messages.filter((m) => failed.has(m.MessageId as string))) {
      await sqs
        .send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: stack.chainQueueUrl,
            ReceiptHandle: message.ReceiptHandle as string,
            VisibilityTimeout: 0,
          }),
        )
        .catch(() => undefined);
    }
  }
  sqs.destroy();
}

async function main(): Promise<void> {
  const windowSeconds = Number(options.seconds);
  const stack = await startChainStack("bench-chain-gap", {
    CHAIN_MAX_WALLETS_PER_TX: "1",
    CHAIN_POLL_INTERVAL_MS: "500",
    POWERTOOLS_LOG_LEVEL: "WARN",
    POWERTOOLS_METRICS_DISABLED: "false",
  });
  const restoreEnv = applyProcessEnv(stack.env);
  const capture = captureHandlerOutput();
  try {
    const handlers = await importHandlers();
    await seedService(stack, "acme");
    const approve = async (prefix: string, count: number) => {
      const profiles = [];
      for (let i = 0; i < count; i += 1)
        profiles.push(await approvedProfile(stack, "acme", `${prefix}-${i}`));
      await publishOutbox(handlers);
      return profiles;
    };
    const confirmed = await approve("before", 5);
    await drainChainQueue(stack, handlers.attester);
    await stack.rpc("evm_setAutomine", [false]);
    const inFlight = await approve("in-flight", 20);
    await drainChainQueue(stack, handlers.attester, { maxRounds: 3 });
    const pending = await stack.txStore.listPending(stack.attester.address);

    await stack.restartNodeEmpty();
    await stack.rpc("evm_setAutomine", [true]);
    capture.start();
    const deadline = Date.now() + windowSeconds * 1000;
    const during = await approve("during-gap", 5);
    const gapRounds: AttesterRound[] = [];
    while (Date.now() < deadline) {
      gapRounds.push(...(await drainChainQueue(stack, handlers.attester, { maxRounds: 1, waitSeconds: 1 })));
    }
    capture.stop();
    const warnLines = [...capture.warnings.values()].reduce((a, b) => a + b, 0);
    const broadcastsIntoGap = ["ChainTxSent", "ChainTxRebroadcast", "ChainTxReplaced"]
      .map((name) => capture.metrics.get(name) ?? 0)
      .reduce((a, b) => a + b, 0);
    const broadcastsRefused = capture.metrics.get("ChainBroadcastFailed") ?? 0;
    const nonceGapAlarms = capture.metrics.get("ChainNonceGap") ?? 0;

    // Time passes: work kept queued with the long backoff becomes visible again.
    await endBackoff(stack, gapRounds);
    const resync = await handlers.reconcile(
      { action: "resync", operator: "bench" },
      lambdaContext("chain-reconcile"),
    );
    // Bounded: without a recovery the settle ticks never stop coming back.
    const recoveryDeadline = Date.now() + 60_000;
    let idle = 0;
    while (Date.now() < recoveryDeadline && idle < 3) {
      const rounds = await drainChainQueue(stack, handlers.attester, { waitSeconds: 2, maxRounds: 20 });
      idle = rounds.length === 0 ? idle + 1 : 0;
    }
    const approved = [...confirmed, ...inFlight, ...during];
    const events = await registryEvents(stack);
    const isVerified = stack.registry.getFunction("isVerified");
    let flagsLost = 0;
    let duplicateAttestations = 0;
    for (const profile of approved) {
      if (!((await isVerified(stack.serviceId, profile.wallet)) as boolean)) flagsLost += 1;
      const attested = events.filter((e) => e.name === "Attested" && e.wallet === profile.wallet).length;
      duplicateAttestations += Math.max(0, attested - 1);
    }
    const result: GapResult & { pendingAtRestart: string } = {
      pendingAtRestart: `${pending.length} (nonces ${pending[0]?.nonce}-${pending.at(-1)?.nonce})`,
      windowSeconds,
      warnLines,
      warnLinesPerMinute: Math.round((warnLines * 60) / windowSeconds),
      warnMessages: Object.fromEntries([...capture.warnings].sort((a, b) => b[1] - a[1])),
      broadcastsIntoGap,
      broadcastsRefused,
      nonceGapAlarms,
      resync,
      approved: approved.length,
      flagsLost,
      duplicateAttestations,
    };
    capture.restore();
    console.log(options.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
  } finally {
    capture.restore();
    restoreEnv();
    await stack.stop();
  }
}

await main();
process.exit(0);
