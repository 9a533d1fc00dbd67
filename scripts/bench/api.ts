/**
 * Business API load test against the local stack (started here on free ports): requests per second
 * and p50/p99 latency of `GET /kyc/1.0/connect/{clientId}/refId/{refId}` through the local API
 * Gateway (authorizer with its result cache, then the status-profile function) at a fixed rate.
 *   npx tsx scripts/bench/api.ts [--json] [--rate=500] [--seconds=15] [--connections=50]
 * Prints numbers and the target (p99 ≤ 25 ms at 500 req/s); a miss prints MISS, it does not fail.
 */
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { profileToItem } from "../../lambdas/adapters/dynamodb/items.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import { recordIdFor } from "../../lambdas/domain/ids.js";
import type { Profile } from "../../lambdas/domain/profile.js";
import { createService } from "../../lambdas/domain/service.js";
import { localClientConfig } from "../local/local-aws.js";
import { startLocalStack } from "../local/local-stack.js";
import { silentLog } from "../local/stack-log.js";

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonHistogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  requests: AutocannonHistogram & { total: number };
  latency: AutocannonHistogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (options: {
  url: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
  overallRate: number;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const args = process.argv.slice(2);
const json = args.includes("--json");
const option = (name: string, fallback: number): number =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const rate = option("rate", 500);
const seconds = option("seconds", 15);
const connections = option("connections", 50);
const TARGET_P99_MS = 25;
const CLIENT_ID = "bench";
const PROFILES = 200;

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

    const url = `${stack.stackInfo.apiUrl}/kyc/1.0/connect/${CLIENT_ID}/refId/user-7`;
    const headers = { Authorization: apiKey };
    const probe = await fetch(url, { headers });
    if (probe.status !== 200)
      throw new BenchSetupError(`GET ${url} answered ${probe.status}: ${await probe.text()}`);

    const sequential = await sequentialLatencies(url, headers, 100);
    log(`one at a time: p50 ${sequential.p50} ms, p99 ${sequential.p99} ms (100 requests)`);
    log(`warming up (3 s), then ${rate} req/s for ${seconds} s over ${connections} connections…`);
    await autocannon({ url, headers, connections, duration: 3, overallRate: rate });
    const result = await autocannon({ url, headers, connections, duration: seconds, overallRate: rate });
    const summary = {
      route: "GET /kyc/1.0/connect/{clientId}/refId/{refId}",
      targetRate: rate,
      seconds,
      connections,
      requestsPerSecond: Math.round(result.requests.average),
      requests: result.requests.total,
      latencyMs: {
        average: result.latency.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      sequentialLatencyMs: sequential,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      targetP99Ms: TARGET_P99_MS,
      meetsTarget: result.latency.p99 <= TARGET_P99_MS && result.non2xx === 0 && result.errors === 0,
    };
    if (json) {
      console.log(JSON.stringify(summary, null, 2));
    } else {
      log(`requests/s  ${summary.requestsPerSecond} (target rate ${rate}), ${summary.requests} requests`);
      log(
        `latency ms  p50 ${summary.latencyMs.p50}  p99 ${summary.latencyMs.p99}  max ${summary.latencyMs.max}`,
      );
      log(`non-2xx ${summary.non2xx}  errors ${summary.errors}  timeouts ${summary.timeouts}`);
      log(
        `${summary.meetsTarget ? "OK  " : "MISS"} p99 ≤ ${TARGET_P99_MS} ms at ${rate} req/s with no errors`,
      );
    }
  } finally {
    await stack.stop();
  }
}

/** Latency of requests sent one after another (no queueing): the floor under load. */
async function sequentialLatencies(
  url: string,
  headers: Record<string, string>,
  count: number,
): Promise<{ p50: number; p99: number }> {
  const durations: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((durations[Math.min(count - 1, Math.floor(q * count))] ?? 0) * 10) / 10;
  return { p50: at(0.5), p99: at(0.99) };
}

await main();
