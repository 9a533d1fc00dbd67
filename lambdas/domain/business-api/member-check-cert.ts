import type { AmlScreener } from "../bots/aml-screening.js";
import type { Certificate } from "../certificates.js";
import type { Identity } from "../profile.js";
import type { AmlThresholds } from "../service.js";
import { blockpassDate } from "./blockpass-identities.js";

/** Blockpass's name for the AML screening certificate in `certs`. */
export const MEMBER_CHECK_CERT = "member_check_cert";

export const NO_MATCH_REVIEW_BODY = "Name not found in Sanctions and PEP list";
export const MATCH_REVIEW_BODY = "Name found in Sanctions and PEP list";
export const UNEXPLAINED_REVIEW_BODY = "Screening needs review: no hits were reported";

/** One matched watch-list entry, with Blockpass's member-check field names. */
export interface MatchedEntity {
  firstName: string;
  middleName: string;
  lastName: string;
  /** 0..100: this service's match percentage of the entry against the applicant. */
  matchRate: number;
  /** `MM/DD/YYYY`, or the year alone when the list only knows it; "" when unknown. */
  dob: string;
  category: string;
  primaryLocation: string;
  matchedFields: string;
}

export interface MemberCheckCert {
  "@context": string;
  "@type": string;
  Claim: {
    reviewBody: string;
    _customFields: { report: { matchedNumber: number; matchedEntities: MatchedEntity[] } };
  };
}

/**
 * The AML certificate in Blockpass's member-check form, serialised as Blockpass does (a JSON string
 * in `certs.member_check_cert`). A CLEAR screening says "not found"; a CONSIDER screening with hits
 * lists them with this service's match rate against the applicant; a CONSIDER screening without
 * hits says it needs review (never "not found"). Null without an AML certificate.
 */
export function memberCheckCertOf(
  certificates: readonly Certificate[],
  identity: Identity,
  aml: { screen: AmlScreener; thresholds: AmlThresholds },
): string | null {
  const certificate = certificates.find((candidate) => candidate.name === "aml");
  if (certificate === undefined) return null;
  const hits = certificate.aml?.hits ?? [];
  const scores =
    hits.length === 0
      ? []
      : aml
          .screen(
            {
              givenName: identity.givenName,
              familyName: identity.familyName,
              dob: identity.dob,
              nationality: identity.nationality,
            },
            hits,
            aml.thresholds,
          )
          .verdicts.map((verdict) => verdict.score);
  const matchedEntities = hits.map((hit, index): MatchedEntity => {
    const { firstName, middleName, lastName } = splitName(hit.name);
    return {
      firstName,
      middleName,
      lastName,
      matchRate: Math.round(scores[index] ?? 0),
      dob: hit.dob === undefined ? "" : blockpassDate(hit.dob),
      category: hit.categories.join(", "),
      primaryLocation: hit.country ?? "",
      matchedFields: "name",
    };
  });
  const reviewBody =
    hits.length > 0
      ? MATCH_REVIEW_BODY
      : certificate.status === "CLEAR"
        ? NO_MATCH_REVIEW_BODY
        : UNEXPLAINED_REVIEW_BODY;
  const cert: MemberCheckCert = {
    "@context": "https://schema.org",
    "@type": "Review",
    Claim: {
      reviewBody,
      _customFields: { report: { matchedNumber: hits.length, matchedEntities } },
    },
  };
  return JSON.stringify(cert);
}

/** "Given Middle Family" → first, middle (all inner tokens), last; one token is a last name. */
function splitName(name: string): { firstName: string; middleName: string; lastName: string } {
  const tokens = name
    .trim()
    .split(/\s+/)
    .filter((token) => token !== "");
  if (tokens.length <= 1) return { firstName: "", middleName: "", lastName: tokens[0] ?? "" };
  return {
    firstName: tokens[0]!,
    middleName: tokens.slice(1, -1).join(" "),
    lastName: tokens[tokens.length - 1]!,
  };
}
