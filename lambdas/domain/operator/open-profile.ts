import { ForbiddenTransitionError, VersionConflictError } from "../errors.js";
import type { Profile } from "../profile.js";
import { RULE_VERSION } from "../rule-version.js";
import { webhooksEnabled } from "../service.js";
import { applyTransition } from "../transitions.js";
import type { DecideProfileDeps } from "../use-cases/decide-profile.js";
import { loadProfile, loadService } from "../use-cases/load.js";
import { saveTransition } from "../use-cases/save-transition.js";
import { requireOperatorAccess } from "./operator-access.js";
import { profileChangedByOther } from "./profile-changed.js";

export const OPERATOR_OPENED = "OPERATOR_OPENED";

export interface OpenProfileResult {
  /** False when the profile was already in review (opened before: nothing written). */
  changed: boolean;
  profile: Profile;
}

/**
 * An operator opens a waiting profile of a managed service (the description's status model: a person
 * opened it): `waiting` → `inreview`, with its audit entry and the business's `user.inReview`
 * webhook, written with the version check (a concurrent write: 409 naming who made it). Opening an
 * opened profile changes nothing; any other status is a 409. The user is not notified.
 */
export async function openProfileAsOperator(
  deps: DecideProfileDeps,
  input: { clientId: string; refId: string; operator: string },
): Promise<OpenProfileResult> {
  const service = await loadService(deps.services, input.clientId);
  requireOperatorAccess(service);
  const profile = await loadProfile(deps.profiles, input.clientId, input.refId);
  if (profile.status === "inreview") return { changed: false, profile };
  if (profile.status !== "waiting" || profile.isArchived) {
    throw new ForbiddenTransitionError(
      `only a profile waiting for review can be opened (it is ${profile.status})`,
      { context: { clientId: profile.clientId, refId: profile.refId, status: profile.status } },
    );
  }
  const change = applyTransition(profile, "inreview", {
    actor: { kind: "operator", id: input.operator },
    reasonCodes: [OPERATOR_OPENED],
    ruleVersion: RULE_VERSION,
    at: deps.clock.now(),
    webhooks: webhooksEnabled(service),
  });
  try {
    await saveTransition(deps, profile, change);
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    const now = await loadProfile(deps.profiles, input.clientId, input.refId);
    // Another operator opened it first: it is in review, as this one wanted.
    if (now.status === "inreview" && now.version === change.profile.version)
      return { changed: false, profile: now };
    throw profileChangedByOther(
      now,
      (await deps.profiles.listAudit(input.clientId, input.refId)).at(-1),
      profile.version,
    );
  }
  return { changed: true, profile: change.profile };
}
