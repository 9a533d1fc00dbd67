import { DedupSweepEngine } from "../dedup/sweep-engine.js";
import type { SweepCheckpoint } from "../ports.js";
import { entitlementsOf } from "../service.js";
import { dedupGroupOf } from "./dedup-group.js";
import type { DomainDeps } from "./deps.js";
import { loadService } from "./load.js";

export interface DedupSweepInput {
  clientId: string;
  /** Index rows per page (a DynamoDB Query page). */
  pageSize?: number;
  /** Asked between pages and groups; true saves a checkpoint and returns (e.g. Lambda time running out). */
  shouldPause?: () => boolean;
}

export type DedupSweepResult =
  | { status: "not-entitled" }
  | { status: "paused"; phase: "scan" | "apply"; pagesRead: number; groupsApplied: number }
  | {
      status: "completed";
      pagesRead: number;
      rows: number;
      profiles: number;
      /** Duplicate groups with something to block, as found by the scan. */
      groups: number;
      blocked: string[];
    };

const DEFAULT_PAGE_SIZE = 1000;

/**
 * The scheduled safety net (every 12 hours): pages through the service's identifier index in
 * hash order, feeds the streaming union-find engine, then settles every group that has something
 * to block through the same code path as the real-time dedup (fresh reads, version checks).
 * Resumable: a paused sweep leaves a checkpoint and the next run continues from it.
 */
export async function dedupSweep(
  deps: Pick<DomainDeps, "services" | "profiles" | "index" | "hasher" | "clock" | "checkpoints">,
  input: DedupSweepInput,
): Promise<DedupSweepResult> {
  const service = await loadService(deps.services, input.clientId);
  if (!entitlementsOf(service).deduplication) return { status: "not-entitled" };
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  const shouldPause = input.shouldPause ?? (() => false);

  const checkpoint = await deps.checkpoints.load(input.clientId);
  const engine = checkpoint ? DedupSweepEngine.deserialize(checkpoint.engineState) : new DedupSweepEngine();
  const startedAt = checkpoint?.startedAt ?? deps.clock.now();
  let pagesRead = checkpoint?.pagesRead ?? 0;
  let cursor = checkpoint?.cursor ?? null;

  if (checkpoint?.phase !== "apply") {
    for (;;) {
      const page = await deps.index.scan(input.clientId, cursor, pageSize);
      engine.addAll(page.items);
      pagesRead++;
      cursor = page.cursor;
      if (cursor === null) break;
      if (shouldPause()) {
        await deps.checkpoints.save(checkpointOf("scan", 0));
        return { status: "paused", phase: "scan", pagesRead, groupsApplied: 0 };
      }
    }
  }

  const groups = engine.resolve();
  const blocked: string[] = [];
  for (let i = checkpoint?.phase === "apply" ? checkpoint.groupsApplied : 0; i < groups.length; i++) {
    const group = groups[i];
    if (group === undefined) continue;
    if (shouldPause()) {
      await deps.checkpoints.save(checkpointOf("apply", i));
      return { status: "paused", phase: "apply", pagesRead, groupsApplied: i };
    }
    const result = await dedupGroupOf(deps, input.clientId, group.originalRefId);
    blocked.push(...result.blocked);
  }
  await deps.checkpoints.clear(input.clientId);
  return {
    status: "completed",
    pagesRead,
    rows: engine.rowCount,
    profiles: engine.profileCount,
    groups: groups.length,
    blocked: blocked.sort(),
  };

  function checkpointOf(phase: "scan" | "apply", groupsApplied: number): SweepCheckpoint {
    return {
      clientId: input.clientId,
      startedAt,
      phase,
      cursor,
      pagesRead,
      groupsApplied,
      engineState: engine.serialize(),
    };
  }
}
