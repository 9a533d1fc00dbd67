import type {
  AmlEvidence,
  AuditEntry,
  CertificateView,
  DocumentView,
  IdentityView,
  OnchainView,
  ProfileStatus,
} from "./types";

/**
 * One profile page's data, whatever the role: an operator's view (personal data, audit trail, duplicates,
 * on-chain record next to it) and a customer's review record (Blockpass identities, review certificates)
 * both map to this. Absent means "not given to this role" and the page leaves the section out.
 */
export interface ProfilePageData {
  refId: string;
  recordId: string;
  status: ProfileStatus;
  version: number;
  submitCount: number | null;
  rejectionCount: number | null;
  isArchived: boolean;
  dates: { waiting: string | null; inreview: string | null; lastChange: string | null };
  reasonCodes: string[];
  amlEvidence: AmlEvidence[];
  /** null: no personal data for this role or plan, or erased. */
  personal: {
    identity: IdentityView | null;
    identityPairs: [string, string][];
    wallet: string | null;
    ipCountry: string | null;
    documents: DocumentView[];
    certificates: CertificateView[];
  } | null;
  duplicates: { refId: string; status: string | null; matchedOn: string[]; original: boolean }[] | undefined;
  audit: AuditEntry[] | undefined;
  onchain: OnchainView | null | undefined;
}

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];

function certificatesOf(value: unknown): CertificateView[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((certificate) => {
    const hits = Array.isArray(certificate.amlHits)
      ? certificate.amlHits
      : isObject(certificate.aml) && Array.isArray(certificate.aml.hits)
        ? certificate.aml.hits
        : [];
    return {
      name: String(certificate.name),
      status: String(certificate.status),
      checks: Array.isArray(certificate.checks) ? (certificate.checks as CertificateView["checks"]) : [],
      amlHits: hits as CertificateView["amlHits"],
    };
  });
}

function duplicatesOf(value: unknown): ProfilePageData["duplicates"] {
  if (value === undefined) return undefined;
  // Either a plain list, or { sharing: [...], originalRefId } (what the operator function answers).
  const list = Array.isArray(value)
    ? value
    : isObject(value) && Array.isArray(value.sharing)
      ? value.sharing
      : [];
  const original = isObject(value) ? str(value.originalRefId) : null;
  const rows = list.filter(isObject).map((row) => ({
    refId: String(row.refId),
    status: str(row.status),
    matchedOn: strings(row.matchedOn),
    original: row.refId === original,
  }));
  if (original !== null && !rows.some((row) => row.refId === original)) {
    rows.unshift({ refId: original, status: null, matchedOn: [], original: true });
  }
  return rows;
}

/** The GET/open answer (`{ profile, onchain? }`) as the page's data. */
export function profilePageDataOf(answer: { profile: unknown; onchain?: unknown }): ProfilePageData {
  const p = isObject(answer.profile) ? answer.profile : {};
  const audit = Array.isArray(p.audit)
    ? (p.audit as (AuditEntry & { profileVersion?: number })[])
    : undefined;
  const version = typeof p.version === "number" ? p.version : (audit?.at(-1)?.profileVersion ?? 0);
  const personalData = isObject(p.personalData) ? p.personalData : null;
  const identities = isObject(p.identities) ? p.identities : null;
  const reviewRecord = Array.isArray(p.reviewCertificates);
  let personal: ProfilePageData["personal"] = null;
  if (personalData !== null) {
    const identity = isObject(personalData.identity)
      ? (personalData.identity as unknown as IdentityView)
      : null;
    personal = {
      identity,
      identityPairs: identity
        ? [
            ["Name", `${identity.givenName} ${identity.familyName}`],
            ["Date of birth", identity.dob],
            ["Nationality", identity.nationality],
            ["E-mail", identity.email ?? "—"],
          ]
        : [],
      wallet: str(personalData.wallet),
      ipCountry: str(personalData.ipCountry),
      documents: Array.isArray(personalData.documents) ? (personalData.documents as DocumentView[]) : [],
      certificates: certificatesOf(personalData.certificates),
    };
  } else if (reviewRecord) {
    const attribute = (key: string) => {
      const entry = identities?.[key];
      return isObject(entry) ? (str(entry.value) ?? "—") : "—";
    };
    personal = {
      identity: null,
      identityPairs: identities
        ? [
            ["Name", `${attribute("given_name")} ${attribute("family_name")}`],
            ["Date of birth", attribute("dob")],
            ["Nationality", attribute("nationality")],
          ]
        : [],
      wallet: str(p.wallet),
      ipCountry: str(p.ipCountry),
      documents: Array.isArray(p.documents) ? (p.documents as DocumentView[]) : [],
      certificates: certificatesOf(p.reviewCertificates),
    };
  }
  const onchainRaw = "onchain" in answer ? answer.onchain : p.onchain;
  return {
    refId: String(p.refId),
    recordId: String(p.recordId),
    status: p.status as ProfileStatus,
    version,
    submitCount: typeof p.submitCount === "number" ? p.submitCount : null,
    rejectionCount: typeof p.rejectionCount === "number" ? p.rejectionCount : null,
    isArchived: p.isArchived === true,
    dates: {
      waiting: str(p.waitingDate),
      inreview: str(p.inreviewDate),
      // The review record has no lastStatusChangeAt: the latest of its status dates is the same thing.
      lastChange:
        str(p.lastStatusChangeAt) ??
        [p.waitingDate, p.inreviewDate, p.approvedDate, p.rejectedDate, p.blockedDate]
          .map(str)
          .filter((date): date is string => date !== null)
          .sort()
          .at(-1) ??
        null,
    },
    // The last status change's codes; older records without them fall back to the last audit entry's.
    reasonCodes:
      [strings(p.statusReasonCodes), strings(p.reasonCodes), audit?.at(-1)?.reasonCodes ?? []].find(
        (codes) => codes.length > 0,
      ) ?? [],
    amlEvidence: Array.isArray(p.amlEvidence) ? (p.amlEvidence as AmlEvidence[]) : [],
    personal,
    duplicates: duplicatesOf(p.duplicates),
    audit,
    onchain: onchainRaw === undefined ? undefined : isObject(onchainRaw) ? (onchainRaw as OnchainView) : null,
  };
}
