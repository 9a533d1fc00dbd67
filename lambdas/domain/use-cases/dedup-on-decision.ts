import { entitlementsOf } from "../service.js";
import type { DedupGroupResult } from "./dedup-group.js";
import { dedupGroupOf } from "./dedup-group.js";
import type { DomainDeps } from "./deps.js";
import { loadProfile, loadService } from "./load.js";

export interface DedupOnDecisionInput {
  clientId: string;
  refId: string;
}

export type DedupOnDecisionResult = ({ entitled: true } & DedupGroupResult) | { entitled: false };

/**
 * Real-time deduplication after a KYC decision on `refId` (by a bot or an operator): looks up
 * the identifier index for everything sharing an identifier with it and blocks the duplicates of
 * the earliest approved profile, with reason DUPLICATE and the original's refId in the audit entry.
 */
export async function dedupOnDecision(
  deps: Pick<DomainDeps, "services" | "profiles" | "index" | "hasher" | "clock">,
  input: DedupOnDecisionInput,
): Promise<DedupOnDecisionResult> {
  const service = await loadService(deps.services, input.clientId);
  if (!entitlementsOf(service).deduplication) return { entitled: false };
  await loadProfile(deps.profiles, input.clientId, input.refId);
  return { entitled: true, ...(await dedupGroupOf(deps, input.clientId, input.refId)) };
}
