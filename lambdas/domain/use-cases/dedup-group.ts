import { identifierKeysOf } from "../dedup/identifiers.js";
import type { DedupMember, GroupResolution } from "../dedup/resolve-group.js";
import { resolveGroup } from "../dedup/resolve-group.js";
import { VersionConflictError } from "../errors.js";
import type { Profile } from "../profile.js";
import { RULE_VERSION } from "../rule-version.js";
import { webhooksEnabled } from "../service.js";
import { applyTransition } from "../transitions.js";
import type { DomainDeps } from "./deps.js";
import { loadService } from "./load.js";
import { saveTransition } from "./save-transition.js";

export interface DedupGroupResult {
  originalRefId: string | null;
  /** refIds blocked by this run (already-blocked members are not repeated). */
  blocked: string[];
  /** Number of profiles in the group, the seed included. */
  groupSize: number;
}

const MAX_ATTEMPTS = 3;
export const DEDUP_ACTOR = { kind: "bot", id: "dedup" } as const;

type GroupDeps = Pick<DomainDeps, "services" | "profiles" | "index" | "hasher" | "clock">;

/**
 * Finds the whole duplicate group of a profile (everything connected to it through shared
 * identifiers, transitively, as the sweep's union-find does), applies the reference rules and
 * blocks the duplicates with reason DUPLICATE. Shared by the real-time path and the sweep.
 * Idempotent; retried from fresh reads when a concurrent write wins the version check.
 */
export async function dedupGroupOf(
  deps: GroupDeps,
  clientId: string,
  seedRefId: string,
): Promise<DedupGroupResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await blockDuplicates(deps, clientId, seedRefId);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function blockDuplicates(
  deps: GroupDeps,
  clientId: string,
  seedRefId: string,
): Promise<DedupGroupResult> {
  const group = await collectGroup(deps, clientId, seedRefId);
  const resolution: GroupResolution = resolveGroup([...group.values()].map(memberOf));
  const blocked: string[] = [];
  if (resolution.originalRefId === null) return { originalRefId: null, blocked, groupSize: group.size };
  const at = deps.clock.now();
  const webhooks =
    resolution.toBlock.length > 0 && webhooksEnabled(await loadService(deps.services, clientId));
  for (const refId of resolution.toBlock) {
    const profile = group.get(refId);
    if (profile === undefined) continue;
    const change = applyTransition(profile, "blocked", {
      actor: DEDUP_ACTOR,
      reasonCodes: ["DUPLICATE"],
      ruleVersion: RULE_VERSION,
      at,
      originalRefId: resolution.originalRefId,
      webhooks,
    });
    await saveTransition(deps, profile, change);
    blocked.push(refId);
  }
  return { originalRefId: resolution.originalRefId, blocked, groupSize: group.size };
}

/** Breadth-first walk: profile -> its identifier hashes -> index rows -> profiles. */
export async function collectGroup(
  deps: Pick<DomainDeps, "profiles" | "index" | "hasher">,
  clientId: string,
  seedRefId: string,
): Promise<Map<string, Profile>> {
  const group = new Map<string, Profile>();
  const seenHashes = new Set<string>();
  const seed = await deps.profiles.get(clientId, seedRefId);
  if (seed === null || seed.deleted) return group;
  group.set(seed.refId, seed);
  const queue: Profile[] = [seed];
  for (let head = 0, next = queue[0]; next !== undefined; next = queue[++head]) {
    for (const key of identifierKeysOf(next)) {
      const hash = deps.hasher.hash(key);
      if (seenHashes.has(hash)) continue;
      seenHashes.add(hash);
      for (const entry of await deps.index.findByHash(clientId, hash)) {
        if (group.has(entry.refId)) continue;
        const profile = await deps.profiles.get(clientId, entry.refId);
        if (profile === null || profile.deleted) continue;
        group.set(profile.refId, profile);
        queue.push(profile);
      }
    }
  }
  return group;
}

function memberOf(profile: Profile): DedupMember {
  return {
    refId: profile.refId,
    status: profile.status,
    approvedDate: profile.approvedDate,
    createdAt: profile.createdAt,
  };
}
