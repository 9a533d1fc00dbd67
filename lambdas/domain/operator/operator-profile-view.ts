import type { AuditEntry } from "../audit.js";
import type { AmlEvidence } from "../bots/aml-screening.js";
import { DEDUP_ACTOR } from "../use-cases/dedup-group.js";
import type { ProfileDuplicates } from "./profile-duplicates.js";
import type { Certificate } from "../certificates.js";
import type { Identity, IdentityDocument, Profile, ProfileStatus } from "../profile.js";

/** The status fields anyone entitled to a profile's status may see. */
export interface ProfileStatusView {
  refId: string;
  recordId: string;
  status: ProfileStatus;
  submitCount: number;
  rejectionCount: number;
  isArchived: boolean;
  waitingDate: string | null;
  inreviewDate: string | null;
  approvedDate: string | null;
  rejectedDate: string | null;
  blockedDate: string | null;
  createdAt: string;
  lastStatusChangeAt: string;
}

/** The personal data an operator of a managed service audits (null once archived or erased). */
export interface ProfilePersonalData {
  wallet: string;
  identity: Identity | null;
  documents: IdentityDocument[];
  ipCountry: string | null;
  certificates: Certificate[];
}

export interface OperatorProfileView extends ProfileStatusView {
  /** The version an action from this view applies to (`act`'s `version`). */
  version: number;
  /** Machine reason codes of the last status change (empty on records older than them). */
  statusReasonCodes: string[];
  /** What AML screening found behind the latest bot decision (scores, evidence codes); empty: none. */
  amlEvidence: AmlEvidence[];
  duplicates: ProfileDuplicates;
  personalData: ProfilePersonalData;
  audit: AuditEntry[];
}

export function statusViewOf(profile: Profile): ProfileStatusView {
  return {
    refId: profile.refId,
    recordId: profile.recordId,
    status: profile.status,
    submitCount: profile.submitCount,
    rejectionCount: profile.rejectionCount,
    isArchived: profile.isArchived,
    waitingDate: profile.waitingDate,
    inreviewDate: profile.inreviewDate,
    approvedDate: profile.approvedDate,
    rejectedDate: profile.rejectedDate,
    blockedDate: profile.blockedDate,
    createdAt: profile.createdAt,
    lastStatusChangeAt: profile.lastStatusChangeAt,
  };
}

/**
 * Everything an operator sees of one profile. Only built after `requireOperatorAccess`: on
 * managed plans the operators do the customer's verification work, so they see what it needs.
 */
export function operatorViewOf(
  profile: Profile,
  audit: AuditEntry[],
  duplicates: ProfileDuplicates,
): OperatorProfileView {
  return {
    ...statusViewOf(profile),
    version: profile.version,
    statusReasonCodes: profile.statusReasonCodes ?? [],
    amlEvidence: latestBotDecisionOf(audit)?.amlEvidence ?? [],
    duplicates,
    personalData: {
      wallet: profile.wallet,
      identity: profile.identity,
      documents: profile.documents,
      ipCountry: profile.ipCountry,
      certificates: profile.certificates,
    },
    audit,
  };
}

/**
 * The KYC Bot's or Advanced KYC Bot's latest decision. Deduplication is a bot too, but its blocks
 * screen nothing: the AML evidence behind a profile is that of the decision before them.
 */
export function latestBotDecisionOf(audit: readonly AuditEntry[]): AuditEntry | undefined {
  return audit.findLast((entry) => entry.actor.kind === "bot" && entry.actor.id !== DEDUP_ACTOR.id);
}
