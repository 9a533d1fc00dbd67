/**
 * `npx tsx scripts/bench/chain.ts` (suggested npm script: `bench:chain`): the chain pipeline end to end on
 * the local stack (DynamoDB Local, fauxqs, a real `hardhat node`), with the real handlers: decisions are
 * written with their outbox records, the outbox publisher relays them, and the attester (driven the way
 * Lambda's SQS event source drives it) batches them onto the KycRegistry.
 *
 * For automining and for 2-second blocks it prints:
 * - latency from decision to confirmed flag (p50/p99, ms and blocks) under a steady decision rate;
 * - throughput (flags/s) draining a backlog of approvals;
 * - gas per flag actually spent, against the registry's batch figure from `npm run bench:gas -- --json`.
 * Options: --rate <decisions/s> (40) --seconds <n> (10) --backlog <n> (4000) --json. DynamoDB Local
 * writes at most about 110 decisions/s here (each a transaction of several items), and from about 80/s
 * on it is saturated by them: the latency then measures DynamoDB Local's queue, not the pipeline.
 * A warm-up of 400 approvals runs first and is not measured.
 * Each mode runs in its own child process (`--mode automine|interval`), because handlers keep their
 * clients for the life of the process, as Lambda does.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { ContractFactory, JsonRpcProvider, Wallet, parseEther, type Contract } from "ethers";
import { mapWithConcurrency } from "../../lambdas/adapters/chain/concurrency.js";
import { HmacIdentifierHasher } from "../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbChainRecordStore } from "../../lambdas/adapters/dynamodb/chain-record-store.js";
import { profileChainKey } from "../../lambdas/adapters/dynamodb/chain-keys.js";
import { DynamoDbChainTxStore, type FinalTxRecord } from "../../lambdas/adapters/dynamodb/chain-tx-store.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import { indexEntriesFor } from "../../lambdas/domain/dedup/identifiers.js";
import type { Profile } from "../../lambdas/domain/profile.js";
import { applyTransition, type Actor } from "../../lambdas/domain/transitions.js";
import { aProfile, aService, clearCertificates } from "../../test/support/domain-builders.js";
import { LOCAL_AWS } from "../../test/support/dynamodb-local.js";
import { lambdaContext, sqsEventFromMessages } from "../../test/support/lambda-events.js";
import { startLocalServices } from "../../test/support/local-services.js";
import { startHardhatNode } from "../lib/hardhat-node.js";
import { freePort } from "../lib/ports.js";
import { formatTable } from "../lib/table.js";

const { values: options } = parseArgs({
  options: {
    mode: { type: "string" },
    rate: { type: "string", default: "40" },
    seconds: { type: "string", default: "10" },
    backlog: { type: "string", default: "4000" },
    json: { type: "boolean", default: false },
  },
});

export interface ModeResult {
  mode: "automine" | "interval";
  blockTimeMs: number | null;
  offeredRate: number;
  steadyFlags: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  steadyFlagsPerSecond: number;
  decisionsWrittenPerSecond: number;
  backlogFlags: number;
  backlogFlagsPerSecond: number;
  transactions: number;
  gasPerFlag: number;
  walletsPerTx: number;
}

const run = promisify(execFile);
const script = fileURLToPath(import.meta.url);

// Ctrl-C or a kill ends the process through its exit handlers, which stop the Hardhat node and
// DynamoDB Local this run started (and the parent's current mode child with it).
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
type InvokeHandler = (event: unknown, context: Context) => Promise<{ published: number }>;

const OUTBOX_POLL_INTERVAL_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** The profiles' on-chain records (BatchGetItem, 100 keys per request). */
async function confirmedRecords(
  documents: ReturnType<typeof createDocumentClient>,
  tableName: string,
  refIds: readonly string[],
): Promise<{ refId: string; verifiedUntil: number; confirmedAt: string }[]> {
  const found: { refId: string; verifiedUntil: number; confirmedAt: string }[] = [];
  for (let start = 0; start < refIds.length; start += 100) {
    let keys: Record<string, unknown>[] = refIds
      .slice(start, start + 100)
      .map((refId) => profileChainKey("bench", refId));
    while (keys.length > 0) {
      const result = await documents.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: keys, ProjectionExpression: "refId, verifiedUntil, confirmedAt" },
          },
        }),
      );
      for (const item of result.Responses?.[tableName] ?? []) {
        found.push(item as { refId: string; verifiedUntil: number; confirmedAt: string });
      }
      keys = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/** One mode on its own servers: steady decisions for latency, then a backlog for throughput. */
async function benchMode(
  mode: "automine" | "interval",
  { rate, seconds, backlog }: { rate: number; seconds: number; backlog: number },
): Promise<ModeResult> {
  const blockTimeMs = mode === "interval" ? 2000 : null;
  const [local, node] = await Promise.all([
    startLocalServices("bench-chain"),
    freePort().then((port) =>
      startHardhatNode({ port, blockTimeSeconds: blockTimeMs === null ? undefined : 2 }),
    ),
  ]);
  const provider = new JsonRpcProvider(node.rpcUrl, Number(node.chainId), { staticNetwork: true });
  const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  let running = true;
  const loops: Promise<void>[] = [];
  const stopAll = async () => {
    running = false;
    await Promise.allSettled(loops);
    documents.destroy();
    provider.destroy();
    await Promise.all([node.stop(), local.stop()]);
  };
  try {
    const admin = await provider.getSigner(0);
    const artifact = JSON.parse(
      await readFile(
        new URL("../../artifacts/contracts/KycRegistry.sol/KycRegistry.json", import.meta.url),
        "utf8",
      ),
    ) as { abi: never; bytecode: string };
    const registry = (await (
      await new ContractFactory(artifact.abi, artifact.bytecode, admin).deploy(0, await admin.getAddress())
    ).waitForDeployment()) as Contract;
    const attester = new Wallet(Wallet.createRandom().privateKey);
    await provider.send("hardhat_setBalance", [attester.address, `0x${parseEther("100000").toString(16)}`]);
    await (await registry.getFunction("createService")([attester.address])).wait();

    const sqs = local.sqsClient();
    const { QueueUrl: queueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: "bench-chain.fifo",
        Attributes: { FifoQueue: "true", VisibilityTimeout: "360" },
      }),
    );
    const queueArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }))
    ).Attributes?.QueueArn as string;
    Object.assign(process.env, {
      ...local.env,
      CHAIN_RPC_URL: node.rpcUrl,
      CHAIN_ID: String(node.chainId),
      REGISTRY_ADDRESS: await registry.getAddress(),
      CHAIN_SIGNER_PRIVATE_KEY: attester.privateKey,
      CHAIN_QUEUE_URL: queueUrl,
      REFKEY_PEPPER: `base64:${randomBytes(32).toString("base64")}`,
      CHAIN_POLL_INTERVAL_MS: "100",
    });
    if (process.env.BENCH_TRACE === "true") {
      const { Logger } = await import("@aws-lambda-powertools/logger");
      const original = Logger.prototype.info;
      Logger.prototype.info = function (
        this: InstanceType<typeof Logger>,
        ...args: Parameters<typeof original>
      ) {
        if (args[0] === "attester run finished")
          process.stderr.write(`${Date.now()} ${JSON.stringify(args[1])}\n`);
        return original.apply(this, args);
      };
    }
    const publisher = (await import("../../lambdas/handlers/outbox-publisher.js"))
      .handler as unknown as InvokeHandler;
    const attesterHandler = (await import("../../lambdas/handlers/attester.js"))
      .handler as unknown as SqsHandler;

    const tableName = local.tableName;
    const profiles = new DynamoDbProfileRepository(documents, tableName);
    const records = new DynamoDbChainRecordStore(documents, tableName);
    const hasher = HmacIdentifierHasher.fromSecret(process.env.IDENTIFIER_PEPPER);
    const hash = (key: string) => hasher.hash(key);
    await new DynamoDbServiceRepository(documents, tableName).put(
      aService({ clientId: "bench", plan: "managed", onchainServiceId: "1" }),
    );
    const system: Actor = { kind: "system", id: "intake" };
    const bot: Actor = { kind: "bot", id: "kyc-bot" };
    const transition = async (profile: Profile, to: "waiting" | "approved", actor: Actor) => {
      const change = applyTransition(profile, to, {
        actor,
        reasonCodes: ["BENCH"],
        ruleVersion: "bench",
        at: new Date().toISOString(),
      });
      await profiles.save({
        ...change,
        expectedVersion: profile.version,
        index: { put: indexEntriesFor(change.profile, hash), removeHashes: [] },
      });
      return change.profile;
    };
    const steadyCount = Math.round(rate * seconds);
    // Warm-up approvals, not measured: DynamoDB Local's and Node's JIT make the first seconds several
    // times slower than the rest.
    const warmupCount = 400;
    const waiting = await mapWithConcurrency(
      Array.from({ length: warmupCount + steadyCount + backlog }, (_, i) => i),
      32,
      async (i) => {
        const profile = aProfile({
          clientId: "bench",
          refId: `u${i}`,
          wallet: Wallet.createRandom().address,
          documents: [],
        });
        await profiles.createIfAbsent({
          profile,
          audit: {
            id: `c${i}`,
            clientId: "bench",
            refId: profile.refId,
            recordId: profile.recordId,
            from: null,
            to: "incomplete",
            actor: system,
            reasonCodes: [],
            ruleVersion: "bench",
            at: profile.createdAt,
            profileVersion: 1,
          },
          index: indexEntriesFor(profile, hash),
        });
        return transition({ ...profile, certificates: clearCertificates() }, "waiting", system);
      },
    );

    // The pipeline: the publisher relaying continuously, the attester fed like Lambda's event source.
    let publishing = true;
    // At the deployed cadence: the scheduled publisher relays what is pending every
    // OUTBOX_POLL_INTERVAL_MS (250), so a busier outbox makes fuller messages rather than more of them.
    const publisherLoop = (async () => {
      while (running) {
        if (publishing) await publisher({ action: "drain" }, lambdaContext("outbox-publisher"));
        await sleep(OUTBOX_POLL_INTERVAL_MS);
      }
    })();
    const attesterLoop = (async () => {
      while (running) {
        const { Messages: messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ["All"],
          }),
        );
        if (messages.length === 0) continue;
        const response = await attesterHandler(
          sqsEventFromMessages(messages, queueArn),
          lambdaContext("attester", 300_000),
        );
        const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        const done = messages.filter((message) => !failed.has(message.MessageId as string));
        if (done.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: done.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle as string,
              })),
            }),
          );
        }
      }
    })();

    loops.push(publisherLoop, attesterLoop);
    // When each flag's confirmation was recorded (the attester's `confirmedAt`). The pipeline records in
    // decision order, so the bench waits on the last decided profile with one read per poll, then reads
    // them all in batches: polling every profile would load DynamoDB Local more than the pipeline does.
    const confirmedAt = async (refIds: readonly string[], timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      const times = new Map<string, number>();
      let pending = [...refIds];
      const last = refIds[refIds.length - 1]!;
      while (Date.now() < deadline && (await records.getProfileRecord("bench", last)) === null)
        await sleep(100);
      while (pending.length > 0 && Date.now() < deadline) {
        for (const record of await confirmedRecords(documents, tableName, pending)) {
          if (record.verifiedUntil > 0) times.set(record.refId, Date.parse(record.confirmedAt));
        }
        pending = pending.filter((refId) => !times.has(refId));
        if (pending.length > 0) await sleep(500);
      }
      if (pending.length > 0)
        throw new Error(`${pending.length} flags were not confirmed in ${timeoutMs} ms`);
      return times;
    };

    const warmup = waiting.slice(0, warmupCount);
    await mapWithConcurrency(warmup, 32, (profile) => transition(profile, "approved", bot));
    await confirmedAt(
      warmup.map((p) => p.refId),
      180_000,
    );

    // Steady state: decisions at `rate` per second, in ticks of 20 ms.
    const steady = waiting.slice(warmupCount, warmupCount + steadyCount);
    const decidedAt = new Map<string, number>();
    const start = Date.now();
    const writes: Promise<void>[] = [];
    for (let sent = 0; sent < steady.length;) {
      const due = Math.min(steady.length, Math.floor(((Date.now() - start) / 1000) * rate));
      for (; sent < due; sent += 1) {
        const profile = steady[sent]!;
        writes.push(
          transition(profile, "approved", bot).then((approved) => {
            decidedAt.set(approved.refId, Date.parse(approved.approvedDate!));
          }),
        );
      }
      await sleep(20);
    }
    await Promise.all(writes);
    // Whether DynamoDB Local kept up with the offered decision rate (latency counts from each decision).
    const decisionsWrittenPerSecond = steady.length / ((Date.now() - start) / 1000);
    const steadyConfirmed = await confirmedAt(
      steady.map((p) => p.refId),
      180_000,
    );
    const latencies = [...steadyConfirmed]
      .map(([refId, at]) => at - decidedAt.get(refId)!)
      .sort((a, b) => a - b);
    const firstDecision = Math.min(...decidedAt.values());
    const lastConfirmed = Math.max(...steadyConfirmed.values());

    // Backlog: approvals written while the relay is held, then drained at full speed.
    publishing = false;
    const backlogProfiles = waiting.slice(warmupCount + steadyCount);
    await mapWithConcurrency(backlogProfiles, 32, (profile) => transition(profile, "approved", bot));
    const backlogStart = Date.now();
    publishing = true;
    const backlogConfirmed = await confirmedAt(
      backlogProfiles.map((p) => p.refId),
      300_000,
    );
    const backlogEnd = Math.max(...backlogConfirmed.values());

    running = false;
    await Promise.all(loops);
    sqs.destroy();
    const txs = (
      await new DynamoDbChainTxStore(documents, tableName).listRecent(attester.address, 100_000)
    ).filter((tx): tx is FinalTxRecord => tx.status === "confirmed");
    // Final transactions keep a summary of their batch (the plan names wallets).
    const flags = txs.reduce((sum, tx) => sum + tx.batch.summary.wallets, 0);
    const gas = txs.reduce((sum, tx) => sum + Number(tx.gasUsed ?? 0), 0);
    return {
      mode,
      blockTimeMs,
      offeredRate: rate,
      steadyFlags: steady.length,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      latencyMaxMs: latencies[latencies.length - 1] ?? 0,
      steadyFlagsPerSecond: steady.length / ((lastConfirmed - firstDecision) / 1000),
      decisionsWrittenPerSecond,
      backlogFlags: backlogProfiles.length,
      backlogFlagsPerSecond: backlogProfiles.length / ((backlogEnd - backlogStart) / 1000),
      transactions: txs.length,
      gasPerFlag: gas / flags,
      walletsPerTx: flags / txs.length,
    };
  } finally {
    await stopAll();
  }
}

if (options.mode !== undefined) {
  const result = await benchMode(options.mode === "interval" ? "interval" : "automine", {
    rate: Number(options.rate),
    seconds: Number(options.seconds),
    backlog: Number(options.backlog),
  });
  console.log(JSON.stringify(result));
} else {
  const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
  const args = ["--rate", options.rate!, "--seconds", options.seconds!, "--backlog", options.backlog!];
  const gas = JSON.parse(
    (await run(tsx, [fileURLToPath(new URL("./gas.ts", import.meta.url)), "--json"], { maxBuffer: 1 << 24 }))
      .stdout,
  ) as { attestBatch100PerWallet: number };
  const results: ModeResult[] = [];
  for (const mode of ["automine", "interval"] as const) {
    const modeRun = run(tsx, [script, "--mode", mode, ...args], {
      maxBuffer: 1 << 24,
      env: process.env,
    });
    const stopChild = () => modeRun.child.kill("SIGTERM");
    process.once("exit", stopChild);
    const { stdout } = await modeRun;
    process.off("exit", stopChild);
    results.push(JSON.parse(stdout.trim().split("\n").pop()!) as ModeResult);
  }
  if (options.json) {
    console.log(JSON.stringify({ registryBatchGasPerWallet: gas.attestBatch100PerWallet, results }));
  } else {
    const format = (value: number, digits = 0) =>
      value.toLocaleString("en-US", { maximumFractionDigits: digits });
    const rows = [["measure", "automine", "2-second blocks", "target"]];
    const [auto, interval] = results as [ModeResult, ModeResult];
    const both = (pick: (r: ModeResult) => string, target = "") =>
      rows.push([
        pick(auto).split("|")[0]!,
        pick(auto).split("|")[1]!,
        pick(interval).split("|")[1]!,
        target,
      ]);
    both((r) => `decisions offered (per s)|${format(r.offeredRate)}`);
    both((r) => `decision → confirmed flag, p50 (ms)|${format(r.latencyP50Ms)}`);
    both((r) => `decision → confirmed flag, p99 (ms)|${format(r.latencyP99Ms)}`, "≤ 2 blocks (4,000 ms)");
    both(
      (r) => `p99 in blocks|${r.blockTimeMs === null ? "-" : format(r.latencyP99Ms / r.blockTimeMs, 2)}`,
      "≤ 2",
    );
    both((r) => `decisions written per s (DynamoDB Local)|${format(r.decisionsWrittenPerSecond)}`);
    both((r) => `steady flags per s (confirmed)|${format(r.steadyFlagsPerSecond)}`);
    both((r) => `backlog drain, flags per s|${format(r.backlogFlagsPerSecond)}`, "≥ 500 (2-second blocks)");
    both((r) => `wallets per transaction (mean)|${format(r.walletsPerTx, 1)}`);
    both((r) => `gas per flag spent|${format(r.gasPerFlag)}`);
    both(
      (r) =>
        `vs registry batch figure (${format(gas.attestBatch100PerWallet)})|${format(((r.gasPerFlag - gas.attestBatch100PerWallet) / gas.attestBatch100PerWallet) * 100, 1)}%`,
      "within ±5%",
    );
    console.log(formatTable(rows));
  }
}
