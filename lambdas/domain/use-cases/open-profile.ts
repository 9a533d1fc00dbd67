import type { Actor } from "../audit.js";
import { ForbiddenTransitionError, VersionConflictError } from "../errors.js";
import type { Profile } from "../profile.js";
import { RULE_VERSION } from "../rule-version.js";
import { webhooksEnabled, type Service } from "../service.js";
import { applyTransition } from "../transitions.js";
import type { DecideProfileDeps } from "./decide-profile.js";
import { saveTransition } from "./save-transition.js";

export interface OpenedProfile {
  /** False when the profile was already in review (opened before: nothing written). */
  changed: boolean;
  profile: Profile;
}

/**
 * A person opens a waiting profile (operator or customer reviewer): `waiting` → `inreview`, with its
 * audit entry and the business's `user.inReview` webhook, written with the version check. Opening an
 * opened profile changes nothing; any other status is a 409. The user is not notified. A concurrent
 * write goes to `onVersionConflict`, which answers (or throws) what the caller's door says about it.
 */
export async function openProfile(
  deps: DecideProfileDeps,
  service: Service,
  profile: Profile,
  options: {
    actor: Actor;
    reasonCode: string;
    onVersionConflict: (written: Profile) => Promise<OpenedProfile>;
  },
): Promise<OpenedProfile> {
  if (profile.status === "inreview") return { changed: false, profile };
  if (profile.status !== "waiting" || profile.isArchived) {
    throw new ForbiddenTransitionError(
      `only a profile waiting for review can be opened (it is ${profile.status})`,
      { context: { clientId: profile.clientId, refId: profile.refId, status: profile.status } },
    );
  }
  const change = applyTransition(profile, "inreview", {
    actor: options.actor,
    reasonCodes: [options.reasonCode],
    ruleVersion: RULE_VERSION,
    at: deps.clock.now(),
    webhooks: webhooksEnabled(service),
  });
  try {
    await saveTransition(deps, profile, change);
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    return options.onVersionConflict(change.profile);
  }
  return { changed: true, profile: change.profile };
}
