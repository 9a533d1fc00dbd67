import type { WebhookEvent } from "../outbox.js";
import type { ProfileStatus } from "../profile.js";

export { WEBHOOK_EVENTS, type WebhookEvent } from "../outbox.js";

/** The Blockpass event a business receives when a profile enters a status. */
const EVENT_ON_ENTERING: Readonly<Record<ProfileStatus, WebhookEvent | null>> = {
  // A resubmission goes back to `incomplete`; Blockpass only tells the business once it is ready
  // to review again, so entering `incomplete` after creation has no event.
  incomplete: null,
  waiting: "user.readyToReview",
  inreview: "user.inReview",
  approved: "review.approved",
  rejected: "review.rejected",
  blocked: "user.blocked",
};

/** The event for a status change (`from: null` is the creation), or null when there is none. */
export function webhookEventFor(from: ProfileStatus | null, to: ProfileStatus): WebhookEvent | null {
  if (from === null) return "user.created";
  return EVENT_ON_ENTERING[to];
}
