import type { Certificate } from "./certificates.js";

/** Blockpass status names. */
export const PROFILE_STATUSES = [
  "incomplete",
  "waiting",
  "inreview",
  "approved",
  "rejected",
  "blocked",
] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

export interface Identity {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dob: string;
  /** ISO 3166-1 alpha-2 */
  nationality: string;
  /**
   * Where the notifier e-mails the user (optional at intake). Personal data: removed with the rest of
   * the identity by archival and erasure, never logged, queued or answered to on-chain customers.
   */
  email?: string;
}

export const DOCUMENT_TYPES = ["passport", "national_id"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface IdentityDocument {
  type: DocumentType;
  number: string;
  /** ISO 3166-1 alpha-2 of the issuing country. */
  country: string;
}

export type StatusDateField =
  "waitingDate" | "inreviewDate" | "approvedDate" | "rejectedDate" | "blockedDate";

/** The date field a status sets when it is entered (`incomplete` has none). */
export const STATUS_DATE_FIELD: Readonly<Record<ProfileStatus, StatusDateField | null>> = {
  incomplete: null,
  waiting: "waitingDate",
  inreview: "inreviewDate",
  approved: "approvedDate",
  rejected: "rejectedDate",
  blocked: "blockedDate",
};

export interface Profile {
  clientId: string;
  /** The business's reference for its user; unique per service. */
  refId: string;
  recordId: string;
  /** EIP-55 checksummed (the boundary checksums it). */
  wallet: string;
  /** Null once archived or erased. */
  identity: Identity | null;
  documents: IdentityDocument[];
  ipCountry: string | null;
  /** Number of submissions, 1 on creation, +1 per resubmission after a rejection. */
  submitCount: number;
  /** Number of times the profile was rejected (drives the submission limit). */
  rejectionCount: number;
  status: ProfileStatus;
  certificates: Certificate[];
  waitingDate: string | null;
  inreviewDate: string | null;
  approvedDate: string | null;
  rejectedDate: string | null;
  blockedDate: string | null;
  isArchived: boolean;
  deleted: boolean;
  /** Optimistic-lock version; 1 on creation, +1 per write. */
  version: number;
  createdAt: string;
  updatedAt: string;
  lastStatusChangeAt: string;
  /** Reason codes of the last status change (absent on records written before they were kept). */
  statusReasonCodes?: string[];
}

/** What a business learns about a profile: status, never personal data. */
export interface ProfileSummary {
  refId: string;
  recordId: string;
  status: ProfileStatus;
  submitCount: number;
}

export function summaryOf(profile: Profile): ProfileSummary {
  return {
    refId: profile.refId,
    recordId: profile.recordId,
    status: profile.status,
    submitCount: profile.submitCount,
  };
}
