import type { IdentifierIndexEntry } from "../../../lambdas/domain/dedup/identifiers.js";
import type {
  IdentifierIndex,
  Page,
  ServiceRepository,
  SweepCheckpoint,
} from "../../../lambdas/domain/ports.js";
import type { Service } from "../../../lambdas/domain/service.js";
import { runDedupSweepJob, type SweepJobProgress } from "../../../lambdas/shared/dedup-sweep-job.js";
import { aService, T0 } from "../../support/domain-builders.js";

/** Services in clientId order, one per page, like the servicesList index. */
class ListedServices implements ServiceRepository {
  constructor(private readonly services: Service[]) {}
  async get(clientId: string) {
    return this.services.find((s) => s.clientId === clientId) ?? null;
  }
  async put(): Promise<void> {
    throw new Error("not used");
  }
  async list(cursor: string | null): Promise<Page<Service>> {
    const index = cursor === null ? 0 : Number(cursor);
    const item = this.services[index];
    return { items: item ? [item] : [], cursor: index + 1 < this.services.length ? String(index + 1) : null };
  }
}

/** Three unique identifiers per service, one row per page (no duplicates: nothing to block). */
class PagedIndex implements IdentifierIndex {
  lastScanned: string | null = null;
  scans: string[] = [];
  async findByHash(): Promise<IdentifierIndexEntry[]> {
    return [];
  }
  async scan(clientId: string, cursor: string | null): Promise<Page<IdentifierIndexEntry>> {
    this.lastScanned = clientId;
    this.scans.push(clientId);
    const page = cursor === null ? 0 : Number(cursor);
    const entry: IdentifierIndexEntry = {
      clientId,
      identifierHash: `${page}`.repeat(64),
      refId: `${clientId}-${page}`,
      status: "approved",
      approvedDate: T0,
      createdAt: T0,
    };
    return { items: [entry], cursor: page < 2 ? String(page + 1) : null };
  }
}

function world() {
  const checkpoints = new Map<string, SweepCheckpoint>();
  const jobs = new Map<string, SweepJobProgress>();
  const index = new PagedIndex();
  const deps = {
    services: new ListedServices([
      aService({ clientId: "acme", plan: "managed" }),
      aService({ clientId: "beta", plan: "managed-dedicated" }),
      aService({ clientId: "cee", plan: "payg" }),
    ]),
    profiles: {
      get: async () => null,
      createIfAbsent: async () => {
        throw new Error("not used");
      },
      save: async () => {
        throw new Error("not used");
      },
      listAudit: async () => [],
    },
    index,
    hasher: { hash: (key: string) => key },
    clock: { now: () => "2026-03-01T00:00:00Z" },
    checkpoints: {
      load: async (clientId: string) => checkpoints.get(clientId) ?? null,
      save: async (checkpoint: SweepCheckpoint) => void checkpoints.set(checkpoint.clientId, checkpoint),
      clear: async (clientId: string) => void checkpoints.delete(clientId),
    },
    jobs: {
      load: async (jobId: string) => jobs.get(jobId) ?? null,
      save: async (progress: SweepJobProgress) => void jobs.set(progress.jobId, { ...progress }),
    },
  };
  return { deps, index, checkpoints, jobs };
}

describe("dedup sweep job", () => {
  it("resumes after the last completed service and only sweeps entitled services", async () => {
    const { deps, index, checkpoints, jobs } = world();
    const jobId = "2026-03-01T00:00:00Z";

    const first = await runDedupSweepJob(deps, {
      jobId,
      pageSize: 1,
      shouldPause: () => index.lastScanned === "beta",
    });
    expect(first).toMatchObject({
      status: "paused",
      clientId: "beta",
      serviceResult: { phase: "scan", pagesRead: 1 },
    });
    expect(jobs.get(jobId)).toMatchObject({ lastCompletedClientId: "acme", completed: false });
    expect(checkpoints.get("beta")).toMatchObject({ phase: "scan", pagesRead: 1 });

    index.scans = [];
    const second = await runDedupSweepJob(deps, { jobId, pageSize: 1, shouldPause: () => false });
    expect(second).toEqual({
      status: "completed",
      jobId,
      services: [{ clientId: "beta", blocked: 0, profiles: 3 }],
    });
    // beta continued from its checkpoint (2 more pages); acme and the payg service were not read again.
    expect(index.scans).toEqual(["beta", "beta"]);
    expect(checkpoints.size).toBe(0);

    expect(await runDedupSweepJob(deps, { jobId, pageSize: 1, shouldPause: () => false })).toEqual({
      status: "already-completed",
      jobId,
    });
  });
});
