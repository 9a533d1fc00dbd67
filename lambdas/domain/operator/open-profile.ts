import type { DecideProfileDeps } from "../use-cases/decide-profile.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { openProfile, type OpenedProfile } from "../use-cases/open-profile.js";
import { requireOperatorAccess } from "./operator-access.js";
import { profileChangedByOther } from "./profile-changed.js";

export const OPERATOR_OPENED = "OPERATOR_OPENED";

export type OpenProfileResult = OpenedProfile;

/**
 * An operator opens a waiting profile of a managed service (the description's status model: a person
 * opened it), through the shared openProfile; a concurrent write is a 409 naming who made it, unless
 * it was another operator opening it too.
 */
export async function openProfileAsOperator(
  deps: DecideProfileDeps,
  input: { clientId: string; refId: string; operator: string },
): Promise<OpenProfileResult> {
  const service = await loadService(deps.services, input.clientId);
  requireOperatorAccess(service);
  const profile = await loadProfile(deps.profiles, input.clientId, input.refId);
  return openProfile(deps, service, profile, {
    actor: { kind: "operator", id: input.operator },
    reasonCode: OPERATOR_OPENED,
    onVersionConflict: async (wanted) => {
      const now = await loadProfile(deps.profiles, input.clientId, input.refId);
      // Another operator opened it first: it is in review, as this one wanted.
      if (now.status === "inreview" && now.version === wanted.version)
        return { changed: false, profile: now };
      throw profileChangedByOther(
        now,
        (await deps.profiles.listAudit(input.clientId, input.refId)).at(-1),
        profile.version,
      );
    },
  });
}
