import type { AuditEntry } from "../audit.js";
import type { Profile } from "../profile.js";
import { ProfileChangedByOtherError } from "./errors.js";

/** Who last changed a profile, as its audit trail names them: `operator:alice@example.com`, `bot:dedup`. */
export function changedByOf(entry: Pick<AuditEntry, "actor"> | undefined): string {
  return entry === undefined ? "unknown" : `${entry.actor.kind}:${entry.actor.id}`;
}

/**
 * The 409 an operator gets when the profile is no longer at the version it read: who changed it and
 * when (the latest audit entry), from which version to which, and its status now.
 */
export function profileChangedByOther(
  profile: Pick<Profile, "clientId" | "refId" | "status" | "version">,
  latest: Pick<AuditEntry, "actor" | "at"> | undefined,
  readVersion: number,
): ProfileChangedByOtherError {
  const changedBy = changedByOf(latest);
  const when = latest === undefined ? "" : ` at ${latest.at}`;
  return new ProfileChangedByOtherError(
    `the profile was changed by ${changedBy}${when} (version ${readVersion} → ${profile.version}, now ${profile.status}): reload it before acting`,
    {
      context: {
        clientId: profile.clientId,
        refId: profile.refId,
        readVersion,
        version: profile.version,
        changedBy,
        ...(latest === undefined ? {} : { changedAt: latest.at }),
      },
    },
  );
}
