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
}

/** A message for the user about a bot decision; the delivery channel is a port. */
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
}

export type OutboxRecord = ChainOutboxRecord | UserNotificationOutboxRecord;
