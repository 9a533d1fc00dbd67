import type { AuditEntry } from "../audit.js";
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
export function operatorViewOf(profile: Profile, audit: AuditEntry[]): OperatorProfileView {
  return {
    ...statusViewOf(profile),
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
