import type { ProfileStatus } from "./profile.js";

/** An approval or its withdrawal that the chain attester must mirror on the registry. */
export interface ChainOutboxRecord {
  id: string;
  kind: "chain";
  intent: "attest" | "revoke";
  clientId: string;
  refId: string;
  wallet: string;
  at: string;
  /** The profile version that caused it; later versions supersede earlier ones. */
  profileVersion: number;
  /**
   * Set on the revocation an erasure writes: once it is on-chain the pipeline keeps nothing that ties
   * the wallet to the profile (absent on records written before erasures were marked).
   */
  erasure?: boolean;
}

/** A message for the user about a decision on their profile; the notifier e-mails it. */
export interface UserNotificationOutboxRecord {
  id: string;
  kind: "user-notification";
  clientId: string;
  refId: string;
  status: ProfileStatus;
  reasonCodes: string[];
  message: string;
  at: string;
  profileVersion: number;
  /**
   * Who decided: a rejection after a person's review asks the user to resubmit. Absent on records
   * written before it was carried (those were all bot decisions).
   */
  decidedBy?: "bot" | "operator" | "customer";
}

/** A message for the end user about their support ticket; the text is the operator's answer. */
export interface SupportNotificationOutboxRecord {
  id: string;
  kind: "support-notification";
  clientId: string;
  refId: string;
  ticketId: string;
  event: "ticket-opened" | "ticket-answered" | "ticket-closed" | "edd-invitation";
  /** Operator-written text for the user (may be empty for ticket-opened). */
  message: string;
  at: string;
}

/** Blockpass webhook event names, sent to a business on its users' status changes. */
export const WEBHOOK_EVENTS = [
  "user.created",
  "user.readyToReview",
  "user.inReview",
  "review.approved",
  "review.rejected",
  "user.blocked",
  "user.deleted",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A status change to tell the business about; status fields only, never personal data. */
export interface WebhookOutboxRecord {
  /** Deterministic; also the payload's `guid`, so receivers can drop redeliveries. */
  id: string;
  kind: "webhook";
  event: WebhookEvent;
  clientId: string;
  refId: string;
  recordId: string;
  status: ProfileStatus;
  submitCount: number;
  isArchived: boolean;
  at: string;
  profileVersion: number;
  /** Status dates after the change (absent on records written before they were carried). */
  waitingDate?: string | null;
  inreviewDate?: string | null;
  approvedDate?: string | null;
  rejectedDate?: string | null;
  blockedDate?: string | null;
}

export type OutboxRecord =
  ChainOutboxRecord | UserNotificationOutboxRecord | WebhookOutboxRecord | SupportNotificationOutboxRecord;
