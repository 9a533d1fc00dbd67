import type { Actor } from "../audit.js";
import { NotFoundError } from "../errors.js";
import { PROFILE_STATUSES } from "../profile.js";
import type { Service } from "../service.js";
import type { ArchivalProgressStore, RetentionCandidates } from "../retention/ports.js";
import { archivalWindow } from "../retention/schedule.js";
import { archiveProfile, type ArchiveDeps } from "./archive-profile.js";

export interface RunArchivalDeps extends ArchiveDeps {
  candidates: RetentionCandidates;
  progress: ArchivalProgressStore;
}

export interface RunArchivalInput {
  /** The job's clock (the scheduled event's time, or the operator's `--now`). */
  now: string;
  /** Only this service (operator runs); all services otherwise. */
  clientId?: string;
  pageSize: number;
  /** Asked between pages; true stops the run with `paused` (the next run resumes). */
  shouldPause: () => boolean;
}

export interface ServiceArchivalResult {
  clientId: string;
  archived: number;
  alreadyArchived: number;
  /** Read from the index as due, but changed status since (or erased). */
  skipped: number;
}

export interface RunArchivalResult {
  status: "completed" | "paused";
  services: ServiceArchivalResult[];
}

const JOB_ACTOR: Actor = { kind: "system", id: "archival-job" };
const SERVICE_PAGE = 100;

/**
 * The daily archival job. Per service and status it reads the profiles whose last status change
 * makes them due (oldest first, from the status index) after its high-water mark, archives them,
 * and moves the mark after each page; so an interrupted run resumes where it stopped and a repeated
 * run finds nothing twice. Profiles erased meanwhile are passed over.
 */
export async function runArchival(
  deps: RunArchivalDeps,
  input: RunArchivalInput,
): Promise<RunArchivalResult> {
  const results: ServiceArchivalResult[] = [];
  for await (const service of servicesOf(deps, input.clientId)) {
    const result: ServiceArchivalResult = {
      clientId: service.clientId,
      archived: 0,
      alreadyArchived: 0,
      skipped: 0,
    };
    results.push(result);
    const bound = archivalWindow(service, input.now);
    if (bound === null) continue;
    for (const status of PROFILE_STATUSES) {
      let after = await deps.progress.load(service.clientId, status);
      for (;;) {
        if (input.shouldPause()) return { status: "paused", services: results };
        const page = await deps.candidates.list(service.clientId, status, bound, after, input.pageSize);
        if (page.length === 0) break;
        const outcomes = await Promise.all(
          page.map((candidate) => archiveCandidate(deps, service.clientId, candidate.refId, input.now)),
        );
        for (const outcome of outcomes) {
          if (outcome === "archived") result.archived += 1;
          else if (outcome === "already-archived") result.alreadyArchived += 1;
          else result.skipped += 1;
        }
        after = (page[page.length - 1] as (typeof page)[number]).position;
        await deps.progress.save(service.clientId, status, after);
        if (page.length < input.pageSize) break;
      }
    }
  }
  return { status: "completed", services: results };
}

async function archiveCandidate(
  deps: RunArchivalDeps,
  clientId: string,
  refId: string,
  now: string,
): Promise<"archived" | "already-archived" | "not-due" | "gone"> {
  try {
    const { outcome } = await archiveProfile(
      { ...deps, clock: { now: () => now } },
      { clientId, refId, actor: JOB_ACTOR, trigger: "schedule", onlyIfDueAt: now },
    );
    return outcome;
  } catch (error) {
    if (error instanceof NotFoundError) return "gone";
    throw error;
  }
}

async function* servicesOf(deps: Pick<RunArchivalDeps, "services">, clientId: string | undefined) {
  if (clientId !== undefined) {
    const service = await deps.services.get(clientId);
    if (service === null) throw new NotFoundError("Service not found", { context: { clientId } });
    yield service;
    return;
  }
  let cursor: string | null = null;
  do {
    const page: { items: Service[]; cursor: string | null } = await deps.services.list(cursor, SERVICE_PAGE);
    yield* page.items;
    cursor = page.cursor;
  } while (cursor !== null);
}
