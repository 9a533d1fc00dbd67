import { describe, expect, it } from "@jest/globals";
import { screenAml } from "../../../lambdas/domain/aml/index.js";
import { blockpassIdentitiesOf } from "../../../lambdas/domain/business-api/blockpass-identities.js";
import {
  memberCheckCertOf,
  NO_MATCH_REVIEW_BODY,
  UNEXPLAINED_REVIEW_BODY,
} from "../../../lambdas/domain/business-api/member-check-cert.js";
import type { Certificate } from "../../../lambdas/domain/certificates.js";
import { DEFAULT_AML_THRESHOLDS } from "../../../lambdas/domain/service.js";

const identity = { givenName: "Ana", familyName: "Pereira", dob: "1990-04-01", nationality: "PT" };
const aml = { screen: screenAml, thresholds: DEFAULT_AML_THRESHOLDS };

function report(json: string | null) {
  const parsed = JSON.parse(json ?? "null") as {
    Claim: {
      reviewBody: string;
      _customFields: { report: { matchedNumber: number; matchedEntities: unknown[] } };
    };
  };
  return { reviewBody: parsed.Claim.reviewBody, ...parsed.Claim._customFields.report };
}

describe("the AML certificate in Blockpass's member-check form", () => {
  it("lists the hits with names split, this service's match rate, Blockpass dates and categories", () => {
    const certificates: Certificate[] = [
      {
        name: "aml",
        status: "CONSIDER",
        checks: [{ code: "AML_POTENTIAL_MATCH" }],
        aml: {
          hits: [
            { name: "Ana Maria Pereira", dob: "1990-04-01", country: "PT", categories: ["PEP", "Sanctions"] },
            { name: "Zhang Wei", dob: "1950", categories: ["Adverse media"] },
          ],
        },
      },
    ];
    const result = report(memberCheckCertOf(certificates, identity, aml));
    expect(result.matchedNumber).toBe(2);
    expect(result.reviewBody).not.toMatch(/not found/i);
    const [first, second] = result.matchedEntities as Record<string, unknown>[];
    expect(first).toMatchObject({
      firstName: "Ana",
      middleName: "Maria",
      lastName: "Pereira",
      dob: "04/01/1990",
      category: "PEP, Sanctions",
      primaryLocation: "PT",
    });
    expect(first!.matchRate).toBeGreaterThanOrEqual(85);
    expect(second).toMatchObject({ firstName: "Zhang", lastName: "Wei", dob: "1950" });
    expect(second!.matchRate).toBeLessThan(first!.matchRate as number);
  });

  it("says 'not found' only for a CLEAR screening, and needs review for a CONSIDER without hits", () => {
    const clear = report(memberCheckCertOf([{ name: "aml", status: "CLEAR", checks: [] }], identity, aml));
    expect(clear).toEqual({ reviewBody: NO_MATCH_REVIEW_BODY, matchedNumber: 0, matchedEntities: [] });
    const unexplained = report(
      memberCheckCertOf([{ name: "aml", status: "CONSIDER", checks: [] }], identity, aml),
    );
    expect(unexplained.reviewBody).toBe(UNEXPLAINED_REVIEW_BODY);
    expect(unexplained.reviewBody).not.toMatch(/not found/i);
  });

  it("is absent without an AML certificate", () => {
    expect(memberCheckCertOf([{ name: "selfie", status: "CLEAR", checks: [] }], identity, aml)).toBeNull();
  });

  it("gives identities in Blockpass's {type, value} form", () => {
    expect(blockpassIdentitiesOf(identity)).toEqual({
      given_name: { type: "string", value: "Ana" },
      family_name: { type: "string", value: "Pereira" },
      dob: { type: "string", value: "04/01/1990" },
      nationality: { type: "string", value: "PT" },
    });
  });
});
