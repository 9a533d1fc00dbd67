import type { IdentifierHasher } from "../ports.js";
import { isInWeek, type ReportWeek } from "../reports/report-week.js";
import { sampleSizeFor } from "./sample-size.js";

/** The decisions quality assurance re-reviews. */
export const QA_STATUSES = ["approved", "blocked"] as const;
export type QaStatus = (typeof QA_STATUSES)[number];

/** A profile decided approved or blocked, with the time of that decision (approvedDate / blockedDate). */
export interface QaCandidate {
  refId: string;
  status: QaStatus;
  decidedAt: string;
}

/** A week's sample, stored once drawn so the console, the CLI and the weekly report read the same. */
export interface QaSample {
  clientId: string;
  /** ISO week id, e.g. `2026-W49`. */
  week: string;
  weekStart: string;
  weekEnd: string;
  drawnAt: string;
  drawnBy: string;
  /** How many decisions of each status the week had (the sample's population). */
  population: Record<QaStatus, number>;
  /** The sampled profiles, approved first, each status in draw order. refIds only: no personal data. */
  items: QaCandidate[];
}

/**
 * The draw's order for one profile: a keyed hash of (clientId, week, refId). Re-running gives the
 * same order; without the key nobody can predict which profiles a week's sample will hold.
 */
export function drawRank(hasher: IdentifierHasher, clientId: string, week: string, refId: string): string {
  return hasher.hash(`qa-sample:${clientId}:${week}:${refId}`);
}

/**
 * Picks the week's sample from the service's approved and blocked profiles: those decided within
 * the week (others are ignored), per status the `sampleSizeFor` lowest draw ranks. Pure: the same
 * candidates, key and week give the same sample, in any input order.
 */
export function drawSample(
  hasher: IdentifierHasher,
  input: { clientId: string; week: ReportWeek; candidates: readonly QaCandidate[] },
): { population: Record<QaStatus, number>; items: QaCandidate[] } {
  const population = { approved: 0, blocked: 0 };
  const items: QaCandidate[] = [];
  for (const status of QA_STATUSES) {
    const decided = uniqueByRefId(
      input.candidates.filter((c) => c.status === status && isInWeek(input.week, c.decidedAt)),
    );
    population[status] = decided.length;
    const ranked = decided
      .map((candidate) => ({
        candidate,
        rank: drawRank(hasher, input.clientId, input.week.id, candidate.refId),
      }))
      .sort((a, b) =>
        a.rank === b.rank ? a.candidate.refId.localeCompare(b.candidate.refId) : a.rank < b.rank ? -1 : 1,
      );
    items.push(...ranked.slice(0, sampleSizeFor(decided.length)).map(({ candidate }) => candidate));
  }
  return { population, items };
}

function uniqueByRefId(candidates: readonly QaCandidate[]): QaCandidate[] {
  return [...new Map(candidates.map((c) => [c.refId, c])).values()];
}
