import type { ProfileRepository, ServiceRepository } from "../ports.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { requireOperatorAccess } from "./operator-access.js";
import { operatorViewOf, type OperatorProfileView } from "./operator-profile-view.js";

/** One profile with its audit trail, for an operator of a managed service (refused on other plans). */
export async function showProfileToOperator(
  deps: { services: ServiceRepository; profiles: ProfileRepository },
  input: { clientId: string; refId: string },
): Promise<OperatorProfileView> {
  requireOperatorAccess(await loadService(deps.services, input.clientId));
  const profile = await loadProfile(deps.profiles, input.clientId, input.refId);
  return operatorViewOf(profile, await deps.profiles.listAudit(input.clientId, input.refId));
}
