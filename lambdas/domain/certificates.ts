/**
 * Verification results delivered by identity providers. Names, statuses and check codes are
 * pinned: other parts (intake schema, bots, API) import them from here.
 */
export const CERTIFICATE_NAMES = [
  "identity-document",
  "selfie",
  "aml",
  "proof-of-address",
  "crypto-address",
] as const;
export type CertificateName = (typeof CERTIFICATE_NAMES)[number];

export const CERTIFICATE_STATUSES = ["CLEAR", "CONSIDER"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Check codes a provider may report on a CONSIDER certificate. */
export const CHECK_CODES = [
  // identity document
  "DOC_IMAGE_QUALITY",
  "DOC_EXPIRED",
  "DOC_NAME_MISMATCH",
  "DOC_DATA_INCONSISTENT",
  "DOC_SUSPECTED_FRAUD",
  "DOC_UNSUPPORTED",
  // selfie / liveness
  "SELFIE_QUALITY",
  "FACE_MISMATCH",
  "LIVENESS_FAILED",
  // proof of address
  "POA_EXPIRED",
  "POA_UNREADABLE",
  "POA_NAME_MISMATCH",
  // IP country vs nationality / residence
  "GEO_MISMATCH",
  // AML screening returned potential hits (the hits are in `aml.hits`)
  "AML_POTENTIAL_MATCH",
  // crypto address
  "CRYPTO_ADDRESS_UNVERIFIED",
  "CRYPTO_ADDRESS_HIGH_RISK",
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

const CHECK_CODE_SET: ReadonlySet<string> = new Set(CHECK_CODES);

export function isKnownCheckCode(code: string): code is CheckCode {
  return CHECK_CODE_SET.has(code);
}

export function isCertificateName(name: string): name is CertificateName {
  return (CERTIFICATE_NAMES as readonly string[]).includes(name);
}

/** One entry of an AML watch-list result. `dob` is YYYY-MM-DD or YYYY; `country` ISO alpha-2. */
export interface AmlHit {
  name: string;
  dob?: string;
  country?: string;
  categories: string[];
}

/** A reported check. `code` is a string, not CheckCode: providers may send codes we do not know. */
export interface Check {
  code: string;
  /** Free text; for DOC_NAME_MISMATCH the full name read from the document. */
  detail?: string;
}

export interface Certificate {
  name: CertificateName;
  status: CertificateStatus;
  checks: Check[];
  aml?: { hits: AmlHit[] };
}

/** The certificates required by default when a service does not say otherwise. */
export const DEFAULT_REQUIRED_CERTIFICATES: readonly CertificateName[] = [
  "identity-document",
  "selfie",
  "aml",
];

/** Certificates equal by value (used to make re-deliveries idempotent). */
export function sameCertificate(a: Certificate, b: Certificate): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(c: Certificate): unknown {
  return {
    name: c.name,
    status: c.status,
    checks: c.checks.map((k) => ({ code: k.code, detail: k.detail ?? null })),
    aml: c.aml ? c.aml.hits.map((h) => [h.name, h.dob ?? null, h.country ?? null, [...h.categories]]) : null,
  };
}
