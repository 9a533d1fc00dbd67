import { deterministicId } from "../ids.js";
import type { WebhookEvent, WebhookOutboxRecord } from "../outbox.js";
import type { Profile } from "../profile.js";

/**
 * The outbox record announcing `event` for the profile as it is after the change. The id derives
 * from the profile version and the event, so re-applying a decision writes the same record.
 */
export function webhookRecordFor(profile: Profile, event: WebhookEvent, at: string): WebhookOutboxRecord {
  return {
    id: deterministicId(profile.clientId, profile.refId, profile.version, "webhook", event),
    kind: "webhook",
    event,
    clientId: profile.clientId,
    refId: profile.refId,
    recordId: profile.recordId,
    status: profile.status,
    submitCount: profile.submitCount,
    isArchived: profile.isArchived,
    at,
    profileVersion: profile.version,
    waitingDate: profile.waitingDate,
    inreviewDate: profile.inreviewDate,
    approvedDate: profile.approvedDate,
    rejectedDate: profile.rejectedDate,
    blockedDate: profile.blockedDate,
  };
}
