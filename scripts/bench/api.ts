/**
 * Business API load test against the local stack (started here on free ports): requests per second and
 * latency (p50, p97.5, p99, max) of `GET /kyc/1.0/connect/{clientId}/refId/{refId}` through the local API
 * Gateway (authorizer with its result cache and the per-key limit, then the status-profile function),
 * after a warm-up at the offered rate that is not counted: one request at a time, then at a fixed offered
 * rate (open loop), then autocannon's `overallRate` for comparison with earlier figures.
 *   npx tsx scripts/bench/api.ts [--json] [--rate=500] [--seconds=15] [--connections=50] [--warmup=20]
 * The load generator (scripts/bench/api-load.ts, which explains the modes) runs in a child process, so it
 * does not share the stack's event loop; on a 2-core machine it still shares the CPU with the stack and
 * DynamoDB Local, and the CPU each used per request is printed.
 * Requests spread over enough API keys to stay under the manifest's per-key limit (each business has its
 * own key; one key at 500 req/s would be throttled on AWS too) and over 200 profiles.
 * Prints numbers and the target (p99 ≤ 25 ms at 500 req/s); a miss prints MISS, it does not fail.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { topology } from "../../infra/topology/manifest.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { profileToItem } from "../../lambdas/adapters/dynamodb/items.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import { recordIdFor } from "../../lambdas/domain/ids.js";
import type { Profile } from "../../lambdas/domain/profile.js";
import { createService } from "../../lambdas/domain/service.js";
import { localClientConfig } from "../local/local-aws.js";
import { startLocalStack, type LocalStack } from "../local/local-stack.js";
import { silentLog } from "../local/stack-log.js";
import type { LoadPlan, LoadResult } from "./api-load.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const option = (name: string, fallback: number): number =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const rate = option("rate", 500);
const seconds = option("seconds", 15);
const connections = option("connections", 50);
/** DynamoDB Local's JIT takes about 10,000 requests to settle; a stack that has served for a while is there. */
const warmUpSeconds = option("warmup", 20);
const ONE_AT_A_TIME_REQUESTS = 500;
/** The fixed-rate run's own first seconds (new connections, a fresh generator process), not counted. */
const LEAD_IN_SECONDS = 2;
const TARGET_P99_MS = 25;
const CLIENT_ID = "bench";
const PROFILES = 200;
/** Each key gets at most half its scope's per-key rate, so the gateway never throttles the bench. */
const API_KEYS = Math.max(1, Math.ceil(rate / (topology.api.perKeyThrottle.status.rateLimit / 2)));
const LOAD_GENERATOR = fileURLToPath(new URL("./api-load.ts", import.meta.url));

const log = (line: string): void => {
  if (!json) console.log(line);
};

class BenchSetupError extends Error {
  override readonly name = "BenchSetupError";
}

function benchProfile(index: number): Profile {
  const refId = `user-${index}`;
  const at = new Date(Date.UTC(2026, 0, 10, 10, 0, index)).toISOString();
  return {
    clientId: CLIENT_ID,
    refId,
    recordId: recordIdFor(CLIENT_ID, refId),
    wallet: "0x52908400098527886E0F7030069857D2E4169EE7",
    identity: { givenName: "Ana", familyName: "Pereira", dob: "1990-04-01", nationality: "PT" },
    documents: [{ type: "passport", number: `P${index}`, country: "PT" }],
    ipCountry: "PT",
    submitCount: 1,
    rejectionCount: 0,
    status: "approved",
    certificates: [],
    waitingDate: at,
    inreviewDate: null,
    approvedDate: at,
    rejectedDate: null,
    blockedDate: null,
    isArchived: false,
    deleted: false,
    version: 3,
    createdAt: at,
    updatedAt: at,
    lastStatusChangeAt: at,
  };
}

async function main(): Promise<void> {
  log("starting the local stack…");
  const stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0 },
    log: silentLog,
    handlerLogLevel: "ERROR",
  });
  try {
    const apiKeys = await seed(stack);
    const requests = Array.from({ length: PROFILES }, (_, index) => ({
      path: `/kyc/1.0/connect/${CLIENT_ID}/refId/user-${index}`,
      headers: { Authorization: apiKeys[index % apiKeys.length]! },
    }));
    const probe = await fetch(`${stack.stackInfo.apiUrl}${requests[0]!.path}`, {
      headers: requests[0]!.headers,
    });
    if (probe.status !== 200)
      throw new BenchSetupError(`GET ${requests[0]!.path} answered ${probe.status}: ${await probe.text()}`);

    const url = stack.stackInfo.apiUrl;
    const load = { url, requests };
    log(
      `load generator: a child process (scripts/bench/api-load.ts); ${apiKeys.length} API keys and ` +
        `${PROFILES} profiles, round-robin`,
    );
    log(`warming up: ${warmUpSeconds} s at ${rate} req/s, fixed rate (not counted)…`);
    await runLoad({
      mode: "fixed-rate",
      ...load,
      rate,
      seconds: warmUpSeconds,
      connections,
      leadInSeconds: 0,
    });
    const oneAtATime = await runLoad({ mode: "one-at-a-time", ...load, count: ONE_AT_A_TIME_REQUESTS });
    log(report(`one at a time (${ONE_AT_A_TIME_REQUESTS} requests, one connection)`, oneAtATime));
    const atRate = await runLoad({
      mode: "fixed-rate",
      ...load,
      rate,
      seconds,
      connections,
      leadInSeconds: LEAD_IN_SECONDS,
    });
    log(
      report(
        `${rate} req/s offered, fixed rate, open loop (${seconds} s after a ${LEAD_IN_SECONDS}-s lead-in, up to ` +
          `${connections} connections; latency from each request's due time)`,
        atRate,
      ),
    );
    const autocannon = await runLoad({ mode: "autocannon", ...load, rate, seconds, connections });
    log(
      report(
        `for comparison, autocannon overallRate ${rate} (${connections} connections, ${seconds} s): per-second ` +
          `bursts, latency weighted by its 1-ms coordinated-omission correction`,
        autocannon,
      ),
    );
    const meetsTarget =
      atRate.latencyMs.p99 <= TARGET_P99_MS &&
      atRate.non2xx === 0 &&
      atRate.errors === 0 &&
      atRate.timeouts === 0 &&
      atRate.servedPerSecond >= rate * 0.98;
    const summary = {
      route: "GET /kyc/1.0/connect/{clientId}/refId/{refId}",
      loadGenerator: "child process: one-at-a-time and fixed-rate open loop (node:http); autocannon",
      apiKeys: apiKeys.length,
      profiles: PROFILES,
      warmUpSeconds,
      oneAtATime: summaryOf(oneAtATime),
      fixedRate: { offeredRate: rate, connections, ...summaryOf(atRate) },
      autocannonOverallRate: { offeredRate: rate, connections, ...summaryOf(autocannon) },
      targetP99Ms: TARGET_P99_MS,
      meetsTarget,
    };
    if (json) console.log(JSON.stringify(summary, null, 2));
    log(
      `${meetsTarget ? "OK  " : "MISS"} p99 ≤ ${TARGET_P99_MS} ms at ${rate} req/s (fixed rate) with no errors`,
    );
  } finally {
    await stack.stop();
  }
}

/** The bench service, its approved profiles and enough status keys for the offered rate. */
async function seed(stack: LocalStack): Promise<string[]> {
  const tableName = stack.resources.tables.main;
  if (tableName === undefined) throw new BenchSetupError("the local stack has no main table");
  const documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  try {
    await new DynamoDbServiceRepository(documents, tableName).put(
      createService({
        clientId: CLIENT_ID,
        name: "Bench",
        plan: "managed",
        createdAt: new Date().toISOString(),
      }),
    );
    for (let index = 0; index < PROFILES; index += 1) {
      await documents.send(
        new PutCommand({ TableName: tableName, Item: profileToItem(benchProfile(index)) }),
      );
    }
  } finally {
    documents.destroy();
  }
  const apiKeys: string[] = [];
  for (let index = 0; index < API_KEYS; index += 1) {
    const created = await stack.functions.invoke("ops-api-keys", {
      action: "create",
      clientId: CLIENT_ID,
      scope: "status",
      operator: "bench",
    });
    const apiKey =
      created.status === "ok" ? (created.payload as { data?: { apiKey?: string } }).data?.apiKey : undefined;
    if (apiKey === undefined)
      throw new BenchSetupError(`could not create an API key: ${JSON.stringify(created)}`);
    apiKeys.push(apiKey);
  }
  return apiKeys;
}

/** A run's result with its rate and what it cost in CPU per request: where the time goes on few cores. */
interface Measured extends LoadResult {
  servedPerSecond: number;
  cpuMsPerRequest: { stack: number; dynamodbLocal: number | null; loadGenerator: number };
  /** How late the stack's event loop ran (CPU starvation or long tasks), and its garbage collection pauses. */
  stackEventLoopDelayMs: { p99: number; max: number };
  stackGcPausesMs: { total: number; max: number };
}

/**
 * Runs the load generator in a child Node process (the same Node and loader as this one) and reads its
 * result, with the CPU this process (the stack: gateway, functions, SDK clients) and DynamoDB Local used
 * meanwhile.
 */
async function runLoad(plan: LoadPlan): Promise<Measured> {
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const gcPauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push(entry.duration);
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  loopDelay.enable();
  const stackBefore = process.cpuUsage();
  const dynamodbBefore = dynamodbLocalCpuMs();
  const result = await runLoadGenerator(plan);
  const stack = process.cpuUsage(stackBefore);
  const dynamodbAfter = dynamodbLocalCpuMs();
  loopDelay.disable();
  gcObserver.disconnect();
  const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e5) / 10;
  const perRequest = (ms: number) => Math.round((ms / Math.max(1, result.requests)) * 100) / 100;
  return {
    ...result,
    servedPerSecond: Math.round(result.requests / Math.max(0.001, result.seconds)),
    cpuMsPerRequest: {
      stack: perRequest((stack.user + stack.system) / 1000),
      dynamodbLocal:
        dynamodbBefore === null || dynamodbAfter === null ? null : perRequest(dynamodbAfter - dynamodbBefore),
      loadGenerator: perRequest(result.cpuMs),
    },
    stackEventLoopDelayMs: { p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    stackGcPausesMs: {
      total: Math.round(gcPauses.reduce((sum, pause) => sum + pause, 0)),
      max: Math.round(Math.max(0, ...gcPauses) * 10) / 10,
    },
  };
}

/** DynamoDB Local's CPU time so far (Linux /proc; null elsewhere): the java child of this process. */
function dynamodbLocalCpuMs(): number | null {
  const CLOCK_TICKS_PER_SECOND = 100;
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue;
      }
      // pid (comm) state ppid … utime(14) stime(15); comm may hold spaces, so split after ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (stat.includes("(java)") && Number(fields[1]) === process.pid) {
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
      }
    }
  } catch {
    return null;
  }
  return null;
}

function runLoadGenerator(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, LOAD_GENERATOR, JSON.stringify(plan)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new BenchSetupError(`the load generator exited with code ${code}`));
      else resolve(JSON.parse(output) as LoadResult);
    });
  });
}

function summaryOf(result: Measured) {
  return {
    requestsPerSecond: result.servedPerSecond,
    requests: result.requests,
    latencyMs: result.latencyMs,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    errorCodes: result.errorCodes,
    sendLagMs: result.sendLagMs,
    maxLatencyBySecondMs: result.maxLatencyBySecondMs,
    cpuMsPerRequest: result.cpuMsPerRequest,
    stackEventLoopDelayMs: result.stackEventLoopDelayMs,
    stackGcPausesMs: result.stackGcPausesMs,
  };
}

function report(label: string, result: Measured): string {
  const l = result.latencyMs;
  const cpu = result.cpuMsPerRequest;
  const lag = result.sendLagMs === null ? "" : `; generator lag p99 ${result.sendLagMs.p99} ms`;
  const codes = Object.entries(result.errorCodes).map(([code, count]) => `${code} ×${count}`);
  const loop = result.stackEventLoopDelayMs;
  const gc = result.stackGcPausesMs;
  return [
    label,
    `  ${result.servedPerSecond} req/s served, ${result.requests} requests; non-2xx ${result.non2xx}, ` +
      `errors ${result.errors}${codes.length === 0 ? "" : ` (${codes.join(", ")})`}, ` +
      `timeouts ${result.timeouts}${lag}`,
    `  latency ms  p50 ${l.p50}  p97.5 ${l.p97_5}  p99 ${l.p99}  max ${l.max}`,
    `  CPU ms per request  stack ${cpu.stack}  DynamoDB Local ${cpu.dynamodbLocal ?? "n/a"}  ` +
      `load generator ${cpu.loadGenerator}`,
    `  stack event loop delay ms p99 ${loop.p99}  max ${loop.max}; stack GC pauses ${gc.total} ms in all, ` +
      `longest ${gc.max} ms`,
    ...(result.maxLatencyBySecondMs.length > 1
      ? [`  slowest answer per second, ms: ${result.maxLatencyBySecondMs.map(Math.round).join(" ")}`]
      : []),
  ].join("\n");
}

await main();
