import type { AmlEvidence } from "./bots/aml-screening.js";
import type { ProfileStatus } from "./profile.js";

export const ACTOR_KINDS = ["bot", "operator", "customer", "system"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface Actor {
  kind: ActorKind;
  /** e.g. "kyc-bot", "advanced-kyc-bot", "dedup", an operator id, the API key id. */
  id: string;
}

/** One status change (or the creation, `from: null`) of a profile. */
export interface AuditEntry {
  id: string;
  clientId: string;
  refId: string;
  recordId: string;
  from: ProfileStatus | null;
  to: ProfileStatus;
  actor: Actor;
  reasonCodes: string[];
  ruleVersion: string;
  at: string;
  /** The profile version written together with this entry. */
  profileVersion: number;
  note?: string;
  /** For DUPLICATE blocks: the original profile's refId. Audit only, never in an API response. */
  originalRefId?: string;
  /** For bot decisions that screened AML hits: scores and evidence codes, for the operator's audit. */
  amlEvidence?: AmlEvidence[];
}
