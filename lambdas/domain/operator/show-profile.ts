import type { IdentifierHasher, IdentifierIndex, ProfileRepository, ServiceRepository } from "../ports.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { requireOperatorAccess } from "./operator-access.js";
import { operatorViewOf, type OperatorProfileView } from "./operator-profile-view.js";
import { duplicatesOf } from "./profile-duplicates.js";

export interface ShowProfileDeps {
  services: ServiceRepository;
  profiles: ProfileRepository;
  index: Pick<IdentifierIndex, "findByHash">;
  hasher: IdentifierHasher;
}

/**
 * One profile with its audit trail and duplicates, for an operator of a managed service (refused on
 * other plans).
 */
export async function showProfileToOperator(
  deps: ShowProfileDeps,
  input: { clientId: string; refId: string },
): Promise<OperatorProfileView> {
  requireOperatorAccess(await loadService(deps.services, input.clientId));
  const profile = await loadProfile(deps.profiles, input.clientId, input.refId);
  const audit = await deps.profiles.listAudit(input.clientId, input.refId);
  return operatorViewOf(profile, audit, await duplicatesOf(deps, profile, audit));
}
