/** Profile statuses (Blockpass names). */
export const PROFILE_STATUSES = [
  "incomplete",
  "waiting",
  "inreview",
  "approved",
  "rejected",
  "blocked",
] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

/** The profile's flag on the registry, as last confirmed (managed plans with on-chain KYC). */
export interface OnchainRecord {
  readonly chainId: number;
  /** The KycRegistry address. */
  readonly registry: string;
  /** The registry's service id (a decimal string). */
  readonly serviceId: string;
  /** The flagged wallet (EIP-55). */
  readonly wallet: string;
  /** Flag expiry in seconds since the epoch; 0 once revoked. */
  readonly verifiedUntil: number;
  /** The transaction that last set or revoked the flag. */
  readonly txHash: string;
}

/** A profile's KYC status: no personal data (what every key of a managed, on-chain plan receives). */
export interface StatusRecord {
  readonly refId: string;
  readonly recordId: string;
  readonly status: ProfileStatus;
  readonly submitCount: number;
  readonly isArchived: boolean;
  readonly waitingDate: string | null;
  readonly inreviewDate: string | null;
  readonly approvedDate: string | null;
  readonly rejectedDate: string | null;
  readonly blockedDate: string | null;
  /** When personal data is archived; null once archived or erased. */
  readonly willArchiveAtDate: string | null;
  /** Blockpass's cross-service user id; this service has none, so always null. */
  readonly blockPassID: null;
  /** Blockpass's operator-defined fields; this service defines none. */
  readonly customFields: Readonly<Record<string, never>>;
  /** Machine reason codes of the last status change (e.g. `AML_MATCH`, `DUPLICATE`): the decision without personal data. */
  readonly reasonCodes: readonly string[];
  readonly onchain: OnchainRecord | null;
}

/** One attribute in Blockpass's `identities` form. */
export interface IdentityAttribute {
  readonly type: "string";
  readonly value: string;
}

/** Identity attributes in Blockpass's form: only for `status+identity` keys of payg and self-managed services. */
export interface Identities {
  readonly given_name: IdentityAttribute;
  readonly family_name: IdentityAttribute;
  /** MM/DD/YYYY (Blockpass's form). */
  readonly dob: IdentityAttribute;
  /** ISO 3166-1 alpha-2. */
  readonly nationality: IdentityAttribute;
}

/**
 * Certificates in Blockpass's form. `member_check_cert` is the AML screening as a JSON string. Absent
 * when no AML certificate is held: absence is NOT a clear screening (read `status` and `reasonCodes`).
 */
export interface Certs {
  readonly member_check_cert?: string;
}

/** A status record as a `status+identity` key of a payg or self-managed service sees it. */
export interface StatusRecordWithIdentity extends StatusRecord {
  readonly identities?: Identities;
  readonly certs?: Certs;
  /** The same object as `certs` (Blockpass's published AML-remediation script reads this name). */
  readonly certificates?: Certs;
}

/** The fields of a status record; checked against openapi.json by the repository's tests. */
export const STATUS_RECORD_FIELDS = [
  "refId",
  "recordId",
  "status",
  "submitCount",
  "isArchived",
  "waitingDate",
  "inreviewDate",
  "approvedDate",
  "rejectedDate",
  "blockedDate",
  "willArchiveAtDate",
  "blockPassID",
  "customFields",
  "reasonCodes",
  "onchain",
] as const satisfies readonly (keyof StatusRecord)[];

export interface ApplicantsPage<R extends StatusRecord = StatusRecord> {
  readonly records: readonly R[];
  /** How many records match the filter in total. */
  readonly total: number;
  readonly skip: number;
  readonly limit: number;
}

/** What `archive` answers. */
export interface ArchiveResult {
  readonly refId: string;
  readonly recordId: string;
  readonly status: ProfileStatus;
  readonly submitCount: number;
  readonly isArchived: boolean;
}

/**
 * `GET .../onchain` (managed plans): where this service's flags live and the salt of its refKeys.
 * Keep the salt server-side: with it anyone can test guessed refIds against the flags.
 */
export interface OnchainCoordinates {
  readonly chainId: number;
  readonly registry: string;
  /** The registry's service id (uint256, decimal). */
  readonly serviceId: string;
  /** bytes32 hex. */
  readonly salt: string;
  readonly refKeyFormula: "keccak256(abi.encode(bytes32 salt, string refId))";
}

/** The paths the status client calls (checked against openapi.json by the repository's tests). */
export const STATUS_API_PATHS = {
  byRefId: "/kyc/1.0/connect/{clientId}/refId/{refId}",
  byRecordId: "/kyc/1.0/connect/{clientId}/recordId/{recordId}",
  applicants: "/kyc/1.0/connect/{clientId}/applicants",
  applicantsByStatus: "/kyc/1.0/connect/{clientId}/applicants/{status}",
  archive: "/kyc/1.0/connect/{clientId}/refId/{refId}/archive",
  onchain: "/kyc/1.0/connect/{clientId}/onchain",
} as const;
