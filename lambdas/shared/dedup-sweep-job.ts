import type { ServiceRepository } from "../domain/ports.js";
import { entitlementsOf } from "../domain/service.js";
import { dedupSweep, type DedupSweepResult } from "../domain/use-cases/dedup-sweep.js";
import type { DomainDeps } from "../domain/use-cases/deps.js";

/** How far a scheduled sweep job got: services are swept in clientId order. */
export interface SweepJobProgress {
  /** The schedule's event time: re-delivering the same event resumes the same job. */
  jobId: string;
  lastCompletedClientId: string | null;
  completed: boolean;
  updatedAt: string;
}

export interface SweepJobStore {
  load(jobId: string): Promise<SweepJobProgress | null>;
  save(progress: SweepJobProgress): Promise<void>;
}

export type SweepJobResult =
  | { status: "already-completed"; jobId: string }
  | { status: "paused"; jobId: string; clientId: string; serviceResult: DedupSweepResult }
  | {
      status: "completed";
      jobId: string;
      services: { clientId: string; blocked: number; profiles: number }[];
    };

export interface SweepJobOptions {
  jobId: string;
  pageSize: number;
  /** True when the invocation must stop (Lambda time running out). */
  shouldPause: () => boolean;
}

const SERVICES_PAGE = 50;

/**
 * One scheduled run of the dedup sweep over every service entitled to deduplication. Each
 * service's sweep checkpoints itself (SweepCheckpointStore); this job records which services are
 * done, so an invocation that ran out of time is resumed by re-invoking with the same event.
 */
export async function runDedupSweepJob(
  deps: Pick<DomainDeps, "services" | "profiles" | "index" | "hasher" | "clock" | "checkpoints"> & {
    jobs: SweepJobStore;
  },
  options: SweepJobOptions,
): Promise<SweepJobResult> {
  const progress: SweepJobProgress = (await deps.jobs.load(options.jobId)) ?? {
    jobId: options.jobId,
    lastCompletedClientId: null,
    completed: false,
    updatedAt: deps.clock.now(),
  };
  if (progress.completed) return { status: "already-completed", jobId: options.jobId };

  const swept: { clientId: string; blocked: number; profiles: number }[] = [];
  for await (const service of servicesAfter(deps.services, progress.lastCompletedClientId)) {
    if (entitlementsOf(service).deduplication) {
      const result = await dedupSweep(deps, {
        clientId: service.clientId,
        pageSize: options.pageSize,
        shouldPause: options.shouldPause,
      });
      if (result.status === "paused") {
        await deps.jobs.save({ ...progress, updatedAt: deps.clock.now() });
        return { status: "paused", jobId: options.jobId, clientId: service.clientId, serviceResult: result };
      }
      if (result.status === "completed") {
        swept.push({ clientId: service.clientId, blocked: result.blocked.length, profiles: result.profiles });
      }
      progress.lastCompletedClientId = service.clientId;
      await deps.jobs.save({ ...progress, updatedAt: deps.clock.now() });
    } else {
      progress.lastCompletedClientId = service.clientId;
    }
  }
  await deps.jobs.save({ ...progress, completed: true, updatedAt: deps.clock.now() });
  return { status: "completed", jobId: options.jobId, services: swept };
}

async function* servicesAfter(services: ServiceRepository, lastCompletedClientId: string | null) {
  let cursor: string | null = null;
  do {
    const page = await services.list(cursor, SERVICES_PAGE);
    for (const service of page.items) {
      if (lastCompletedClientId === null || service.clientId > lastCompletedClientId) yield service;
    }
    cursor = page.cursor;
  } while (cursor !== null);
}
