/**
 * The load generator of `npm run bench:api`, run as its own process so that sending requests and
 * recording latencies never competes with the local stack's event loop. Reads one load plan (JSON) from
 * argv, runs it and writes the result (JSON) to stdout. The parent imports only its types.
 *
 * - `one-at-a-time`: each request is sent when the previous answer is in (one keep-alive connection).
 * - `fixed-rate`: open loop, request i is due at start + i / rate whatever the answers do, over a pool of
 *   at most `connections` keep-alive connections (a request waits for a free one). Latency counts from the
 *   moment the request was due, so a stalled server or generator shows as latency instead of hiding it.
 *   A lead-in at the same rate opens the connections and warms this process first; it is not counted.
 * - `autocannon`: autocannon with `overallRate`, kept to compare with earlier figures. It is not a fixed
 *   rate: each connection sends its share of a second's requests back to back at the start of every
 *   second, and its coordinated-omission correction (expected interval: ceil(1 / per-connection rate)
 *   = 1 ms) adds a synthetic sample per millisecond of each answer, weighting slow answers by latency.
 */
import { request as httpRequest, Agent } from "node:http";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { z } from "zod";

const target = {
  url: z.string().url(),
  /** Sent in turn, round-robin (paths and API keys spread over the run). */
  requests: z.array(z.object({ path: z.string(), headers: z.record(z.string(), z.string()) })).min(1),
};
const loadPlan = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("one-at-a-time"), ...target, count: z.number().int().positive() }),
  z.object({
    mode: z.literal("fixed-rate"),
    ...target,
    rate: z.number().positive(),
    seconds: z.number().positive(),
    connections: z.number().int().positive(),
    /** Sent at the same rate, on the same connections, just before the measured seconds; not counted. */
    leadInSeconds: z.number().nonnegative(),
  }),
  z.object({
    mode: z.literal("autocannon"),
    ...target,
    rate: z.number().positive(),
    seconds: z.number().positive(),
    connections: z.number().int().positive(),
  }),
]);
export type LoadPlan = z.infer<typeof loadPlan>;

export interface LoadResult {
  requests: number;
  /** From the first request sent to the last answer received. */
  seconds: number;
  latencyMs: { mean: number; p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  /** Why requests failed, by error code (e.g. ECONNRESET). */
  errorCodes: Record<string, number>;
  timeouts: number;
  /** The largest latency of the requests due in each second of the run: where the slow ones were. */
  maxLatencyBySecondMs: number[];
  /** fixed-rate only: how late the generator sent requests against their schedule, p99 and max. */
  sendLagMs: { p99: number; max: number } | null;
  /** CPU time this process used during the run (user + system). */
  cpuMs: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

interface Outcome {
  /** When the request was due (performance.now()). */
  dueAt: number;
  latencyMs: number;
  status: number | "error" | "timeout";
  errorCode?: string;
}

class Recorder {
  readonly outcomes: Outcome[] = [];
  readonly sendLags: number[] = [];
  first = Infinity;
  last = 0;

  private maxLatencyBySecond(): number[] {
    const seconds: number[] = [];
    for (const { dueAt, latencyMs } of this.outcomes) {
      const second = Math.floor((dueAt - this.first) / 1000);
      seconds[second] = Math.max(seconds[second] ?? 0, round(latencyMs));
    }
    return Array.from(seconds, (value) => value ?? 0);
  }

  result(cpuMs: number): LoadResult {
    const latencies = this.outcomes
      .filter((outcome) => typeof outcome.status === "number")
      .map((outcome) => outcome.latencyMs);
    const count = (test: (outcome: Outcome) => boolean) => this.outcomes.filter(test).length;
    const lags = [...this.sendLags].sort((a, b) => a - b);
    return {
      requests: this.outcomes.length,
      seconds: round((this.last - this.first) / 1000),
      latencyMs: {
        mean: round(latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length)),
        ...percentiles(latencies),
      },
      non2xx: count((o) => typeof o.status === "number" && (o.status < 200 || o.status > 299)),
      errors: count((o) => o.status === "error"),
      errorCodes: Object.fromEntries(
        Object.entries(
          Object.groupBy(
            this.outcomes.filter((o) => o.errorCode),
            (o) => o.errorCode!,
          ),
        ).map(([code, failed]) => [code, failed?.length ?? 0]),
      ),
      timeouts: count((o) => o.status === "timeout"),
      maxLatencyBySecondMs: this.maxLatencyBySecond(),
      sendLagMs: lags.length === 0 ? null : { p99: round(at(lags, 0.99)), max: round(lags.at(-1)!) },
      cpuMs: round(cpuMs),
    };
  }
}

/** Sends one request; resolves when its answer has been read (or it failed). */
function send(
  agent: Agent,
  url: URL,
  spec: { path: string; headers: Record<string, string> },
  dueAt: number,
  recorder: Recorder,
): Promise<void> {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    recorder.first = Math.min(recorder.first, sentAt);
    let settled = false;
    const finish = (status: Outcome["status"], error?: Error) => {
      if (settled) return;
      settled = true;
      const now = performance.now();
      recorder.last = Math.max(recorder.last, now);
      const errorCode = error === undefined ? undefined : ((error as { code?: string }).code ?? error.name);
      recorder.outcomes.push({ dueAt, latencyMs: now - dueAt, status, ...(errorCode ? { errorCode } : {}) });
      resolve();
    };
    const request = httpRequest(
      { agent, host: url.hostname, port: url.port, path: spec.path, headers: spec.headers },
      (response) => {
        response.resume();
        response.once("end", () => finish(response.statusCode ?? 0));
        response.once("error", (error) => finish("error", error));
      },
    );
    request.setTimeout(REQUEST_TIMEOUT_MS, () => {
      request.destroy();
      finish("timeout");
    });
    request.once("error", (error) => finish("error", error));
    request.end();
  });
}

async function oneAtATime(plan: Extract<LoadPlan, { mode: "one-at-a-time" }>): Promise<Recorder> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(plan.url);
  const recorder = new Recorder();
  for (let i = 0; i < plan.count; i += 1) {
    await send(agent, url, plan.requests[i % plan.requests.length]!, performance.now(), recorder);
  }
  agent.destroy();
  return recorder;
}

async function fixedRate(plan: Extract<LoadPlan, { mode: "fixed-rate" }>): Promise<Recorder> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.connections });
  const url = new URL(plan.url);
  const recorder = new Recorder();
  const leadIn = { count: Math.round(plan.rate * plan.leadInSeconds), recorder: new Recorder() };
  const total = leadIn.count + Math.round(plan.rate * plan.seconds);
  const intervalMs = 1000 / plan.rate;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  await new Promise<void>((done) => {
    let next = 0;
    const pump = () => {
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) {
        const dueAt = start + next * intervalMs;
        const counted = next < leadIn.count ? leadIn.recorder : recorder;
        counted.sendLags.push(now - dueAt);
        pending.push(send(agent, url, plan.requests[next % plan.requests.length]!, dueAt, counted));
        next += 1;
      }
      if (next < total) setTimeout(pump, Math.max(0, start + next * intervalMs - performance.now()));
      else done();
    };
    pump();
  });
  await Promise.all(pending);
  agent.destroy();
  return recorder;
}

interface AutocannonResult {
  requests: { total: number };
  latency: { average: number; p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

async function autocannonRun(
  plan: Extract<LoadPlan, { mode: "autocannon" }>,
): Promise<Omit<LoadResult, "cpuMs">> {
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const result = await autocannon({
    url: plan.url,
    requests: plan.requests,
    connections: plan.connections,
    duration: plan.seconds,
    overallRate: plan.rate,
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    latencyMs: {
      mean: result.latency.average,
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    errorCodes: {},
    timeouts: result.timeouts,
    maxLatencyBySecondMs: [],
    sendLagMs: null,
  };
}

function percentiles(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(at(sorted, 0.5)),
    p97_5: round(at(sorted, 0.975)),
    p99: round(at(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** The value at quantile q of sorted values (nearest rank). */
function at(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

const plan = loadPlan.parse(JSON.parse(process.argv[2] ?? "null"));
const cpuBefore = process.cpuUsage();
const measured =
  plan.mode === "one-at-a-time"
    ? await oneAtATime(plan)
    : plan.mode === "fixed-rate"
      ? await fixedRate(plan)
      : await autocannonRun(plan);
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
const result = measured instanceof Recorder ? measured.result(cpuMs) : { ...measured, cpuMs: round(cpuMs) };
process.stdout.write(JSON.stringify(result));
