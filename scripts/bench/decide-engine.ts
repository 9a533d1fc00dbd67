/**
 * Pure-engine benchmarks (no I/O): Advanced KYC Bot decisions per second on one core, and the
 * dedup sweep's time and peak memory over 100k and 1M synthetic profiles.
 *   npx tsx scripts/bench/decide-engine.ts [--json] [--sizes=100000,1000000] [--seconds=3]
 */
import { decide } from "../../lambdas/domain/bots/decide.js";
import type { Certificate } from "../../lambdas/domain/certificates.js";
import type { IdentifierIndexEntry } from "../../lambdas/domain/dedup/identifiers.js";
import { DedupSweepEngine } from "../../lambdas/domain/dedup/sweep-engine.js";
import type { Profile, ProfileStatus } from "../../lambdas/domain/profile.js";
import { createService } from "../../lambdas/domain/service.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const option = (name: string, fallback: string): string =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const sizes = option("sizes", "100000,1000000").split(",").map(Number);
const seconds = Number(option("seconds", "3"));

const MiB = 1024 * 1024;
const log = (line: string): void => {
  if (!json) console.log(line);
};

// ---------------------------------------------------------------- decisions
const service = createService({
  clientId: "bench",
  name: "Bench",
  plan: "managed",
  createdAt: "2026-01-01T00:00:00Z",
});

function certificateMix(i: number): Certificate[] {
  const clear = (name: Certificate["name"]): Certificate => ({ name, status: "CLEAR", checks: [] });
  const base = [clear("identity-document"), clear("selfie"), clear("aml")];
  switch (i % 8) {
    case 0:
    case 1:
    case 2:
      return base; // KYC Bot: all clear
    case 3:
      return [
        { name: "identity-document", status: "CONSIDER", checks: [{ code: "DOC_IMAGE_QUALITY" }] },
        base[1]!,
        base[2]!,
      ];
    case 4:
      return [
        {
          name: "identity-document",
          status: "CONSIDER",
          checks: [{ code: "DOC_NAME_MISMATCH", detail: `ANNA MARIA KOWALSKA${i % 3}` }],
        },
        base[1]!,
        base[2]!,
      ];
    case 5:
      return [
        base[0]!,
        {
          name: "selfie",
          status: "CONSIDER",
          checks: [{ code: "LIVENESS_FAILED" }, { code: "GEO_MISMATCH" }],
        },
        base[2]!,
      ];
    default:
      return [
        base[0]!,
        base[1]!,
        {
          name: "aml",
          status: "CONSIDER",
          checks: [{ code: "AML_POTENTIAL_MATCH" }],
          aml: {
            hits: [
              {
                name: i % 2 ? "Anna Kowalska" : "Kowalski Jan",
                dob: i % 2 ? "1988" : "1961",
                country: "PL",
                categories: ["PEP"],
              },
              { name: "Anna Maria Kowalczyk", categories: ["SANCTIONS"] },
            ],
          },
        },
      ];
  }
}

function benchProfile(i: number): Profile {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    clientId: "bench",
    refId: `ref-${i}`,
    recordId: String(i).padStart(24, "0"),
    wallet: "0x52908400098527886E0F7030069857D2E4169EE7",
    identity: { givenName: "Anna Maria", familyName: "Kowalska", dob: "1988-03-02", nationality: "PL" },
    documents: [{ type: "passport", number: `EA${i}`, country: "PL" }],
    ipCountry: "PL",
    submitCount: 1,
    rejectionCount: i % 4,
    status: "waiting",
    certificates: certificateMix(i),
    waitingDate: at,
    inreviewDate: null,
    approvedDate: null,
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

/**
 * Throughput on one core. The machine may be shared, so besides wall-clock throughput the CPU
 * time actually spent by this (single-threaded) process is measured: decisions per CPU-second.
 */
function benchDecisions() {
  const profiles = Array.from({ length: 4096 }, (_, i) => benchProfile(i));
  const actions: Record<string, number> = {};
  for (const p of profiles) {
    const a = decide(service, p).action;
    actions[a] = (actions[a] ?? 0) + 1;
  }
  const overall = measure(profiles, seconds);
  // Which rules cost what: certificate-only decisions vs. decisions that screen AML hits.
  const byKind = {
    allClear: measure(
      profiles.filter((_, i) => i % 8 <= 2),
      seconds / 3,
    ).decisionsPerCpuSecond,
    considerWithoutAml: measure(
      profiles.filter((_, i) => i % 8 >= 3 && i % 8 <= 5),
      seconds / 3,
    ).decisionsPerCpuSecond,
    amlScreening: measure(
      profiles.filter((_, i) => i % 8 >= 6),
      seconds / 3,
    ).decisionsPerCpuSecond,
  };
  return { ...overall, actions, decisionsPerCpuSecondByKind: byKind };
}

function measure(profiles: Profile[], forSeconds: number) {
  const deadline = performance.now() + forSeconds * 1000;
  let decisions = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() < deadline) {
    for (let i = 0; i < 256; i++) decide(service, profiles[(decisions + i) % profiles.length]!);
    decisions += 256;
  }
  const cpu = process.cpuUsage(cpuStart);
  const wall = (performance.now() - start) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    decisionsPerSecond: Math.round(decisions / wall),
    decisionsPerCpuSecond: Math.round(decisions / cpuSeconds),
    decisions,
  };
}

// ---------------------------------------------------------------- dedup sweep
const STATUSES: ProfileStatus[] = [
  "approved",
  "approved",
  "approved",
  "approved",
  "rejected",
  "waiting",
  "incomplete",
  "blocked",
];
const pad = (n: number): string => n.toString(16).padStart(12, "0");

/**
 * Index rows in identifier-hash order, produced lazily (like DynamoDB pages) so the engine's
 * memory is what is measured. Profile i has a passport and a wallet; every 50th profile reuses
 * the previous profile's wallet and every 200th the previous one's passport (duplicates).
 */
function* indexRows(n: number): Generator<IdentifierIndexEntry> {
  const row = (hash: string, i: number): IdentifierIndexEntry => {
    const status = STATUSES[i % STATUSES.length]!;
    const t = Date.UTC(2026, 0, 1) + i * 1000;
    return {
      clientId: "bench",
      identifierHash: hash,
      refId: `ref-${pad(i)}`,
      status,
      approvedDate: status === "approved" ? new Date(t + 3_600_000).toISOString() : null,
      createdAt: new Date(t).toISOString(),
    };
  };
  const walletOwner = (i: number): number => (i % 50 === 1 ? i - 1 : i);
  const passportOwner = (i: number): number => (i % 200 === 7 ? i - 1 : i);
  for (let k = 0; k < n; k++) {
    if (passportOwner(k) === k) yield row(`p${pad(k)}`, k);
    if (k + 1 < n && passportOwner(k + 1) === k) yield row(`p${pad(k)}`, k + 1);
  }
  for (let k = 0; k < n; k++) {
    if (walletOwner(k) === k) yield row(`w${pad(k)}`, k);
    if (k + 1 < n && walletOwner(k + 1) === k) yield row(`w${pad(k)}`, k + 1);
  }
}

const PAGE_ROWS = 10_000;

/** Feeds the engine page by page, as the sweep reads DynamoDB; only the engine's work is timed. */
function benchSweep(n: number) {
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const engine = new DedupSweepEngine();
  let rows = 0;
  let scanMs = 0;
  let page: IdentifierIndexEntry[] = [];
  let cpuMicros = 0;
  const feed = (): void => {
    const t = performance.now();
    const c = process.cpuUsage();
    engine.addAll(page);
    const used = process.cpuUsage(c);
    cpuMicros += used.user + used.system;
    scanMs += performance.now() - t;
    rows += page.length;
    page = [];
    sample();
  };
  for (const r of indexRows(n)) {
    page.push(r);
    if (page.length === PAGE_ROWS) feed();
  }
  feed();
  const t = performance.now();
  const c = process.cpuUsage();
  const groups = engine.resolve();
  const used = process.cpuUsage(c);
  cpuMicros += used.user + used.system;
  const resolveMs = performance.now() - t;
  sample();
  const blocked = groups.reduce((s, g) => s + g.toBlock.length, 0);
  return {
    profiles: n,
    rows,
    groupsToSettle: groups.length,
    profilesToBlock: blocked,
    seconds: Number(((scanMs + resolveMs) / 1000).toFixed(3)),
    cpuSeconds: Number((cpuMicros / 1e6).toFixed(3)),
    scanSeconds: Number((scanMs / 1000).toFixed(3)),
    resolveSeconds: Number((resolveMs / 1000).toFixed(3)),
    peakRssMiB: Math.round(peakRss / MiB),
    baselineRssMiB: Math.round(before.rss / MiB),
    peakHeapUsedMiB: Math.round(peakHeap / MiB),
  };
}

const decisions = benchDecisions();
log(
  `decision engine: ${decisions.decisionsPerCpuSecond.toLocaleString("en")} decisions per CPU-second on one core ` +
    `(${decisions.decisionsPerSecond.toLocaleString("en")}/s wall clock; target >= 20,000)`,
);
log(
  `  mix: 3/8 all clear, 3/8 CONSIDER without AML, 2/8 AML hits screened; actions ${JSON.stringify(decisions.actions)}`,
);
log(`  per CPU-second by kind: ${JSON.stringify(decisions.decisionsPerCpuSecondByKind)}`);
const sweeps = sizes.map((n) => {
  const r = benchSweep(n);
  log(
    `dedup sweep ${n.toLocaleString("en")} profiles (${r.rows.toLocaleString("en")} index rows): ${r.seconds}s wall, ${r.cpuSeconds}s CPU ` +
      `(scan ${r.scanSeconds}s, resolve ${r.resolveSeconds}s), peak RSS ${r.peakRssMiB} MiB ` +
      `(baseline ${r.baselineRssMiB} MiB), peak heap ${r.peakHeapUsedMiB} MiB; ` +
      `${r.groupsToSettle.toLocaleString("en")} groups, ${r.profilesToBlock.toLocaleString("en")} to block`,
  );
  return r;
});
if (json) {
  console.log(
    JSON.stringify({ decisionEngine: decisions, dedupSweep: sweeps, node: process.version, cores: 1 }),
  );
}
