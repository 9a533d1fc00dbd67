import { topology } from "../../infra/topology/manifest.js";
import { nextFireTime, parseSchedule } from "../../scripts/local/schedule-expression.js";

/**
 * The service description's cadences are requirements: "The Advanced KYC Bot runs the deduplication every
 * 12 hours", archival is checked daily (one or two months after the event or last activity), the dedicated
 * plan's report is weekly. The manifest feeds both CDK and `npm start`, so pinning it pins both.
 */
function scheduleOf(functionName: string): string {
  const spec = topology.functions.find((fn) => fn.name === functionName);
  if (spec === undefined) throw new Error(`no function ${functionName} in the manifest`);
  const schedules = spec.triggers.flatMap((trigger) =>
    trigger.kind === "schedule" ? [trigger.expression] : [],
  );
  expect(schedules).toHaveLength(1);
  return schedules[0]!;
}

function gapsBetweenRuns(expression: string, runs: number): number[] {
  const schedule = parseSchedule(expression);
  const gaps: number[] = [];
  let at = nextFireTime(schedule, new Date("2026-01-05T00:00:00Z"));
  for (let i = 0; i < runs; i += 1) {
    const next = nextFireTime(schedule, at);
    gaps.push(next.getTime() - at.getTime());
    at = next;
  }
  return gaps;
}

const HOUR_MS = 3_600_000;

describe("schedules the service description requires", () => {
  it("runs the deduplication sweep every 12 hours", () => {
    expect(scheduleOf("dedup-sweep")).toBe("rate(12 hours)");
    expect(new Set(gapsBetweenRuns(scheduleOf("dedup-sweep"), 6))).toEqual(new Set([12 * HOUR_MS]));
  });

  it("checks archival once a day", () => {
    expect(new Set(gapsBetweenRuns(scheduleOf("archive-job"), 6))).toEqual(new Set([24 * HOUR_MS]));
  });

  it("writes the weekly report once a week", () => {
    expect(new Set(gapsBetweenRuns(scheduleOf("weekly-report"), 4))).toEqual(new Set([7 * 24 * HOUR_MS]));
  });
});
