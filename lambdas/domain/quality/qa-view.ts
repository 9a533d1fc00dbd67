import type { QaProfileState, QaWeekRecord } from "./ports.js";
import { qaCountsOf, type QaCounts, type QaOutcome } from "./qa-outcome.js";
import type { QaStatus } from "./qa-sample.js";

/** One sampled profile as the console and the CLI show it. */
export interface QaItemView {
  refId: string;
  /** The sampled decision and when it was made. */
  status: QaStatus;
  decidedAt: string;
  outcome: Omit<QaOutcome, "refId"> | null;
  /** The profile now: archived or erased profiles stay in the sample, marked; null: no record left. */
  current: QaProfileState | null;
  /** The status moved since the decision was sampled (e.g. the operator acted on an overturned one). */
  changedSinceSampled: boolean;
}

export interface QaWeekView {
  clientId: string;
  week: string;
  weekStart: string;
  weekEnd: string;
  drawnAt: string;
  drawnBy: string;
  population: QaWeekRecord["sample"]["population"];
  items: QaItemView[];
  counts: QaCounts;
}

/** The stored week with each profile's current state. */
export function qaViewOf(record: QaWeekRecord, states: ReadonlyMap<string, QaProfileState>): QaWeekView {
  const { sample } = record;
  const outcomes = new Map(record.outcomes.map((o) => [o.refId, o]));
  return {
    clientId: sample.clientId,
    week: sample.week,
    weekStart: sample.weekStart,
    weekEnd: sample.weekEnd,
    drawnAt: sample.drawnAt,
    drawnBy: sample.drawnBy,
    population: sample.population,
    items: sample.items.map((item) => {
      const outcome = outcomes.get(item.refId);
      const current = states.get(item.refId) ?? null;
      return {
        refId: item.refId,
        status: item.status,
        decidedAt: item.decidedAt,
        outcome:
          outcome === undefined
            ? null
            : { outcome: outcome.outcome, note: outcome.note, operator: outcome.operator, at: outcome.at },
        current,
        changedSinceSampled: current !== null && current.status !== item.status,
      };
    }),
    counts: qaWeekCounts(record),
  };
}

/** The week's counts; outcomes of profiles not in the sample (none are written) are not counted. */
export function qaWeekCounts(record: QaWeekRecord): QaCounts {
  const sampled = new Set(record.sample.items.map((item) => item.refId));
  return qaCountsOf(
    sampled.size,
    record.outcomes.filter((o) => sampled.has(o.refId)),
  );
}
