import { ConflictError, NotEntitledError, NotFoundError } from "../errors.js";
import { entitlementsOf, type Service } from "../service.js";
import { loadService } from "../use-cases/load.js";
import type { QaDeps, QaWeekRecord } from "./ports.js";
import type { QaOutcome, QaOutcomeKind } from "./qa-outcome.js";
import { drawSample, QA_STATUSES, type QaCandidate, type QaSample } from "./qa-sample.js";
import { qaViewOf, type QaWeekView } from "./qa-view.js";
import { qaWeekFor } from "./qa-week.js";

/** Refuses services whose plan has no periodic QA (only managed-dedicated has). */
export function requirePeriodicQa(service: Service): void {
  if (!entitlementsOf(service).periodicQa) {
    throw new NotEntitledError(
      `quality assurance reviews are part of the managed-dedicated plan; ${service.clientId} is on ${service.plan}`,
      { context: { clientId: service.clientId, plan: service.plan } },
    );
  }
}

/**
 * The week's sample of a managed-dedicated service: the stored one, or drawn now and stored. Two
 * operators drawing at once store one sample (conditional write): the loser reads the winner's.
 */
export async function sampleForWeek(
  deps: QaDeps,
  input: { clientId: string; week?: string | undefined; operator: string },
): Promise<QaWeekView> {
  const service = await loadService(deps.services, input.clientId);
  requirePeriodicQa(service);
  const record = await storedOrDrawn(deps, service.clientId, input.week, input.operator);
  return viewWithStates(deps, record);
}

/**
 * Records one sampled profile's re-review, once: the same outcome again is a no-op (`changed: false`),
 * a different one a 409. An overturned decision is corrected through the profile's normal operator
 * action (ops-profile `act`), which the sample view then shows as a change since sampling.
 */
export async function recordQaOutcome(
  deps: QaDeps,
  input: {
    clientId: string;
    week: string;
    refId: string;
    outcome: QaOutcomeKind;
    note: string;
    operator: string;
  },
): Promise<{ changed: boolean; recorded: QaOutcome; sample: QaWeekView }> {
  const service = await loadService(deps.services, input.clientId);
  requirePeriodicQa(service);
  const record = await storedOrDrawn(deps, service.clientId, input.week, input.operator);
  if (!record.sample.items.some((item) => item.refId === input.refId)) {
    throw new NotFoundError(`${input.refId} is not in the QA sample of ${record.sample.week}`, {
      context: { clientId: input.clientId, week: record.sample.week, refId: input.refId },
    });
  }
  const outcome: QaOutcome = {
    refId: input.refId,
    outcome: input.outcome,
    note: input.note,
    operator: input.operator,
    at: deps.clock.now(),
  };
  const saved = await deps.qa.saveOutcomeIfAbsent(service.clientId, record.sample.week, outcome);
  const current = saved ? record : await reread(deps, service.clientId, record.sample.week);
  const stored = saved ? outcome : current.outcomes.find((o) => o.refId === input.refId);
  if (stored === undefined) throw new Error("an outcome that failed its absence check was not found");
  if (stored.outcome !== input.outcome) {
    throw new ConflictError(
      `${input.refId} was already recorded as ${stored.outcome} for ${record.sample.week} by ${stored.operator}`,
      { context: { clientId: input.clientId, week: record.sample.week, refId: input.refId } },
    );
  }
  const view = await viewWithStates(
    deps,
    saved ? { ...record, outcomes: [...record.outcomes, outcome] } : current,
  );
  return { changed: saved, recorded: stored, sample: view };
}

/** The week's stored sample with its outcomes, drawn and stored first if none is (the draw is keyed). */
export async function storedOrDrawn(
  deps: QaDeps,
  clientId: string,
  weekId: string | undefined,
  operator: string,
): Promise<QaWeekRecord> {
  const week = qaWeekFor(weekId, deps.clock.now());
  const stored = await deps.qa.weekOf(clientId, week.id);
  if (stored !== null) return stored;
  const candidates: QaCandidate[] = [];
  for (const status of QA_STATUSES) {
    candidates.push(...(await deps.profiles.decidedBetween(clientId, status, week.start, week.end)));
  }
  const drawn = drawSample(deps.hasher, { clientId, week, candidates });
  const sample: QaSample = {
    clientId,
    week: week.id,
    weekStart: week.start,
    weekEnd: week.end,
    drawnAt: deps.clock.now(),
    drawnBy: operator,
    ...drawn,
  };
  if (await deps.qa.saveSampleIfAbsent(sample)) return { sample, outcomes: [] };
  return reread(deps, clientId, week.id);
}

async function reread(deps: QaDeps, clientId: string, week: string): Promise<QaWeekRecord> {
  const record = await deps.qa.weekOf(clientId, week);
  if (record === null)
    throw new Error(`the QA week ${week} of ${clientId} vanished after a conditional write`);
  return record;
}

async function viewWithStates(deps: QaDeps, record: QaWeekRecord): Promise<QaWeekView> {
  const states = await deps.profiles.statesOf(
    record.sample.clientId,
    record.sample.items.map((item) => item.refId),
  );
  return qaViewOf(record, states);
}
