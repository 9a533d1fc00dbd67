import { screenAml } from "../aml/index.js";
import type { AmlHit, Certificate, CertificateName, CertificateStatus, Check } from "../certificates.js";
import { blockpassIdentitiesOf } from "../business-api/blockpass-identities.js";
import { memberCheckCertOf } from "../business-api/member-check-cert.js";
import { statusViewOf, withPersonalData, type StatusView } from "../business-api/status-view.js";
import type { DocumentType, Profile } from "../profile.js";
import type { Service } from "../service.js";

/** One certificate as the reviewer sees it: result, checks and AML hits. */
export interface ReviewCertificate {
  name: CertificateName;
  status: CertificateStatus;
  checks: Check[];
  amlHits: AmlHit[];
}

/**
 * What a customer's reviewer sees of one profile: the Blockpass status record with the identity and
 * AML cert (as a `status+identity` key gets it), plus what a decision needs: the version to decide
 * on, the wallet, the identity documents, the IP country and every certificate's checks and hits.
 * Only built after requireCustomerReview: these plans may see personal data, on-chain plans never.
 */
export interface ReviewRecord extends StatusView {
  /** Send it back with a decision: the decision applies only if the profile is still at it. */
  version: number;
  wallet: string;
  documents: { type: DocumentType; number: string; country: string }[];
  ipCountry: string | null;
  reviewCertificates: ReviewCertificate[];
}

/** Fields are copied one by one (never spread), so a field added to Profile cannot leak by accident. */
export function reviewRecordOf(
  profile: Profile,
  service: Pick<Service, "retention" | "amlThresholds">,
): ReviewRecord {
  // A review key's holders are the business itself (payg, self-managed): no on-chain record exists.
  const status = statusViewOf(profile, service.retention, null);
  const view =
    profile.identity === null
      ? status
      : withPersonalData(status, {
          identities: blockpassIdentitiesOf(profile.identity),
          memberCheckCert: memberCheckCertOf(profile.certificates, profile.identity, {
            screen: screenAml,
            thresholds: service.amlThresholds,
          }),
        });
  return {
    ...view,
    version: profile.version,
    wallet: profile.wallet,
    documents: profile.documents.map((document) => ({
      type: document.type,
      number: document.number,
      country: document.country,
    })),
    ipCountry: profile.ipCountry,
    reviewCertificates: profile.certificates.map(reviewCertificateOf),
  };
}

function reviewCertificateOf(certificate: Certificate): ReviewCertificate {
  return {
    name: certificate.name,
    status: certificate.status,
    checks: certificate.checks.map((check) =>
      check.detail === undefined ? { code: check.code } : { code: check.code, detail: check.detail },
    ),
    amlHits: (certificate.aml?.hits ?? []).map((hit) => ({
      name: hit.name,
      ...(hit.dob === undefined ? {} : { dob: hit.dob }),
      ...(hit.country === undefined ? {} : { country: hit.country }),
      categories: [...hit.categories],
    })),
  };
}
