import type { Actor, AuditEntry } from "../audit.js";
import { deterministicId } from "../ids.js";
import type { Profile } from "../profile.js";

/** Bump when what archiving or erasure removes changes; written into their audit entries. */
export const RETENTION_RULE_VERSION = "retention-2026.11.1";

export const ARCHIVED_REASON = "RETENTION_ARCHIVED";
export const ARCHIVED_ON_REQUEST_REASON = "ARCHIVED_ON_REQUEST";
export const ERASED_REASON = "USER_DATA_ERASED";

/**
 * The audit entry of an archival or erasure: not a status change (`from` equals `to`), written with
 * the profile version it produced. No note: nothing about the person goes into it.
 */
export function retentionAuditEntry(
  before: Profile,
  after: Profile,
  actor: Actor,
  reasonCode: string,
): AuditEntry {
  return {
    id: deterministicId(after.clientId, after.refId, after.version, "audit"),
    clientId: after.clientId,
    refId: after.refId,
    recordId: after.recordId,
    from: before.status,
    to: after.status,
    actor,
    reasonCodes: [reasonCode],
    ruleVersion: RETENTION_RULE_VERSION,
    at: after.updatedAt,
    profileVersion: after.version,
  };
}
