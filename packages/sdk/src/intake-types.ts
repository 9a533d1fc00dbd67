/** The certificates an identity provider delivers. */
export const CERTIFICATE_NAMES = [
  "identity-document",
  "selfie",
  "aml",
  "proof-of-address",
  "crypto-address",
] as const;
export type CertificateName = (typeof CERTIFICATE_NAMES)[number];

/** CLEAR: nothing to review. CONSIDER: the checks say what to look at. */
export const CERTIFICATE_STATUSES = ["CLEAR", "CONSIDER"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Check codes the bots know; other upper-case codes are accepted and left for manual review. */
export const CHECK_CODES = [
  "DOC_IMAGE_QUALITY",
  "DOC_EXPIRED",
  "DOC_NAME_MISMATCH",
  "DOC_DATA_INCONSISTENT",
  "DOC_SUSPECTED_FRAUD",
  "DOC_UNSUPPORTED",
  "SELFIE_QUALITY",
  "FACE_MISMATCH",
  "LIVENESS_FAILED",
  "POA_EXPIRED",
  "POA_UNREADABLE",
  "POA_NAME_MISMATCH",
  "GEO_MISMATCH",
  "AML_POTENTIAL_MATCH",
  "CRYPTO_ADDRESS_UNVERIFIED",
  "CRYPTO_ADDRESS_HIGH_RISK",
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export const DOCUMENT_TYPES = ["passport", "national_id"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** One check on a certificate. Codes outside `CHECK_CODES` must match /^[A-Z][A-Z0-9_]{0,63}$/. */
export interface CertificateCheck {
  readonly code: CheckCode | (string & {});
  readonly detail?: string;
}

/** One watch-list entry of an AML screening. */
export interface AmlHit {
  readonly name: string;
  /** YYYY-MM-DD or YYYY. */
  readonly dob?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country?: string;
  readonly categories: readonly string[];
}

export interface Certificate {
  readonly name: CertificateName;
  readonly status: CertificateStatus;
  readonly checks: readonly CertificateCheck[];
  readonly aml?: { readonly hits: readonly AmlHit[] };
}

export interface IdentityDocument {
  readonly type: DocumentType;
  readonly number: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

/** A user's profile as the identity provider submits it (personal data: the intake API only). */
export interface ProfileSubmission {
  /** The business's id for the user (1-128 of letters, digits, `. _ : @ -`). */
  readonly refId: string;
  /** The user's wallet (EIP-55 checksum or lower case). */
  readonly wallet: string;
  readonly identity: {
    readonly givenName: string;
    readonly familyName: string;
    /** YYYY-MM-DD. */
    readonly dob: string;
    /** ISO 3166-1 alpha-2. */
    readonly nationality: string;
  };
  readonly documents: readonly IdentityDocument[];
  /** Where the user's IP address was located (ISO 3166-1 alpha-2). */
  readonly ipCountry?: string;
}

/** What intake answers: the profile's status, no personal data. */
export interface ProfileSummary {
  readonly refId: string;
  readonly recordId: string;
  readonly status: "incomplete" | "waiting" | "inreview" | "approved" | "rejected" | "blocked";
  readonly submitCount: number;
}
