// AML name matcher benchmark: precision and recall on the labelled name pairs, and throughput.
// Usage: npx tsx scripts/bench/aml.ts [--json] [--errors]
// Exits non-zero only when the fixture cannot be loaded; a missed target prints MISS.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import {
  evaluateNameMatcher,
  parseLabelledPairs,
  type LabelledNamePair,
  type MatcherEvaluation,
} from "../../lambdas/domain/aml/evaluation.js";
import { outcomesByEvidence, type ScenarioOutcomes } from "../../lambdas/domain/aml/evidence-scenarios.js";
import { nameMatchScore } from "../../lambdas/domain/aml/name-match-score.js";
import { DEFAULT_AML_THRESHOLDS } from "../../lambdas/domain/aml/types.js";

const FIXTURE = fileURLToPath(new URL("../../test/fixtures/aml/name-pairs.json", import.meta.url));
const TARGETS = { blockPrecision: 0.97, blockRecall: 0.93, reviewRecall: 0.99 };
const MIN_CPU_SECONDS = 2;
const WARM_UP_PASSES = 3;

interface Throughput {
  scored: number;
  /** Pairs per second of process CPU time: stable on a shared machine. */
  pairsPerCpuSecond: number;
  /** Pairs per second of wall-clock time: lower when other processes compete for the CPU. */
  pairsPerWallSecond: number;
}

function loadPairs(): LabelledNamePair[] {
  try {
    return parseLabelledPairs(JSON.parse(readFileSync(FIXTURE, "utf8")));
  } catch (error) {
    console.error(`cannot load ${FIXTURE}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/** Scores the pairs repeatedly (after a warm-up) until MIN_CPU_SECONDS of CPU time were spent. */
function measureThroughput(pairs: readonly LabelledNamePair[]): Throughput {
  let sink = 0;
  for (let pass = 0; pass < WARM_UP_PASSES; pass += 1) {
    for (const pair of pairs) sink += nameMatchScore(pair.a, pair.b);
  }
  let scored = 0;
  let cpuMicros = 0;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  while (cpuMicros < MIN_CPU_SECONDS * 1e6) {
    for (const pair of pairs) sink += nameMatchScore(pair.a, pair.b);
    scored += pairs.length;
    const cpu = process.cpuUsage(cpuStart);
    cpuMicros = cpu.user + cpu.system;
  }
  const wallMs = performance.now() - wallStart;
  if (Number.isNaN(sink)) throw new Error("unreachable: scores are numbers");
  return {
    scored,
    pairsPerCpuSecond: Math.round(scored / (cpuMicros / 1e6)),
    pairsPerWallSecond: Math.round(scored / (wallMs / 1000)),
  };
}

function printOutcomes(outcomes: readonly ScenarioOutcomes[]): void {
  console.log(
    "AML finding per pair and evidence (same person: block/review/approve | different person: block/review/approve):",
  );
  for (const o of outcomes) {
    const counts = (c: ScenarioOutcomes["samePerson"]) => `${c.block}/${c.review}/${c.approve}`;
    console.log(
      `  ${`100% match ${o.rule === "block" ? "blocks (default)" : "weighs evidence"}`.padEnd(30)} ` +
        `${o.scenario.padEnd(20)} same ${counts(o.samePerson).padEnd(12)} different ${counts(o.differentPerson)}`,
    );
  }
}

function printReport(
  evaluation: MatcherEvaluation,
  throughput: Throughput,
  met: Record<string, boolean>,
): void {
  const ratio = (x: number): string => x.toFixed(4);
  const verdict = (ok: boolean | undefined): string => (ok === true ? "PASS" : "MISS");
  const { block, review } = evaluation;
  console.log(
    `AML name matcher — ${evaluation.pairs} pairs (${evaluation.positives} same, ${evaluation.negatives} different)`,
  );
  console.log(
    `block  >= ${block.threshold}: precision ${ratio(block.precision)} (target ${TARGETS.blockPrecision}) ` +
      `${verdict(met.blockPrecision)}; recall ${ratio(block.recall)} (target ${TARGETS.blockRecall}) ` +
      `${verdict(met.blockRecall)}  [TP ${block.truePositives} FP ${block.falsePositives} FN ${block.falseNegatives}]`,
  );
  console.log(
    `review >= ${review.threshold}: recall ${ratio(review.recall)} (target ${TARGETS.reviewRecall}) ` +
      `${verdict(met.reviewRecall)}; precision ${ratio(review.precision)}  ` +
      `[TP ${review.truePositives} FP ${review.falsePositives} FN ${review.falseNegatives}]`,
  );
  console.log(
    `throughput: ${throughput.pairsPerCpuSecond.toLocaleString("en-US")} pairs per CPU-second ` +
      `(${throughput.pairsPerWallSecond.toLocaleString("en-US")} per wall-clock second; ` +
      `single thread, ${throughput.scored} pairs)`,
  );
  console.log("by kind (pairs: >= block / >= review):");
  for (const k of evaluation.byKind) {
    const label = `${k.same ? "same" : "diff"} ${k.kind}`.padEnd(40);
    console.log(`  ${label} ${String(k.pairs).padStart(3)}: ${k.atOrAboveBlock} / ${k.atOrAboveReview}`);
  }
  if (process.argv.includes("--errors")) {
    console.log("errors (positives below review, negatives at or above block):");
    for (const e of evaluation.errors) {
      console.log(`  ${e.same ? "same" : "diff"} ${e.score}  ${e.a} | ${e.b}  (${e.kind})`);
    }
  }
}

const pairs = loadPairs();
const evaluation = evaluateNameMatcher(pairs, nameMatchScore, DEFAULT_AML_THRESHOLDS);
const outcomes = outcomesByEvidence(pairs, DEFAULT_AML_THRESHOLDS);
const throughput = measureThroughput(pairs);
const met = {
  blockPrecision: evaluation.block.precision >= TARGETS.blockPrecision,
  blockRecall: evaluation.block.recall >= TARGETS.blockRecall,
  reviewRecall: evaluation.review.recall >= TARGETS.reviewRecall,
};

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ ...evaluation, outcomes, throughput, targets: { required: TARGETS, met } }));
} else {
  printReport(evaluation, throughput, met);
  printOutcomes(outcomes);
}
