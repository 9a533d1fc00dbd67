import { describe, expect, it } from "@jest/globals";
import type { AmlScreener, AmlScreening } from "../../../lambdas/domain/bots/aml-screening.js";
import { decide } from "../../../lambdas/domain/bots/decide.js";
import { REMEDIATION_MESSAGES } from "../../../lambdas/domain/bots/remediation.js";
import type { CheckCode } from "../../../lambdas/domain/certificates.js";
import { CHECK_CODES } from "../../../lambdas/domain/certificates.js";
import { RULE_VERSION } from "../../../lambdas/domain/rule-version.js";
import type { BotPolicyName, CheckAction, Plan } from "../../../lambdas/domain/service.js";
import { aProfile, aService, allClear, clear, consider } from "./support/fixtures.js";

/** Which certificate reports each code. */
const CERT_OF: Record<
  CheckCode,
  "identity-document" | "selfie" | "aml" | "proof-of-address" | "crypto-address"
> = {
  DOC_IMAGE_QUALITY: "identity-document",
  DOC_EXPIRED: "identity-document",
  DOC_NAME_MISMATCH: "identity-document",
  DOC_DATA_INCONSISTENT: "identity-document",
  DOC_SUSPECTED_FRAUD: "identity-document",
  DOC_UNSUPPORTED: "identity-document",
  SELFIE_QUALITY: "selfie",
  FACE_MISMATCH: "selfie",
  LIVENESS_FAILED: "selfie",
  POA_EXPIRED: "proof-of-address",
  POA_UNREADABLE: "proof-of-address",
  POA_NAME_MISMATCH: "proof-of-address",
  GEO_MISMATCH: "identity-document",
  AML_POTENTIAL_MATCH: "aml",
  CRYPTO_ADDRESS_UNVERIFIED: "crypto-address",
  CRYPTO_ADDRESS_HIGH_RISK: "crypto-address",
};

// Expected Advanced KYC Bot actions, written from the rules (not from the implementation).
const STANDARD: Record<CheckCode, CheckAction> = {
  DOC_IMAGE_QUALITY: "reject",
  DOC_EXPIRED: "reject",
  DOC_NAME_MISMATCH: "reject", // names that really differ
  DOC_DATA_INCONSISTENT: "reject",
  DOC_SUSPECTED_FRAUD: "block",
  DOC_UNSUPPORTED: "reject",
  SELFIE_QUALITY: "reject",
  FACE_MISMATCH: "reject",
  LIVENESS_FAILED: "reject",
  POA_EXPIRED: "reject",
  POA_UNREADABLE: "reject",
  POA_NAME_MISMATCH: "reject",
  GEO_MISMATCH: "approve",
  AML_POTENTIAL_MATCH: "review", // without hits there is nothing to screen
  CRYPTO_ADDRESS_UNVERIFIED: "reject",
  CRYPTO_ADDRESS_HIGH_RISK: "block",
};
const EXPECTED: Record<Exclude<BotPolicyName, "custom">, Record<CheckCode, CheckAction>> = {
  standard: STANDARD,
  lenient: STANDARD,
  strict: { ...STANDARD, LIVENESS_FAILED: "block", GEO_MISMATCH: "block" },
};
const STATUS_OF: Record<CheckAction, string> = {
  approve: "approve",
  reject: "reject",
  block: "block",
  review: "review",
};

/** Never called unless a test screens hits; returns what the test tells it to. */
function screener(outcome: AmlScreening["outcome"]): AmlScreener & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const fn: AmlScreener = (...args) => {
    calls.push(args);
    return { outcome, topScore: outcome === "block" ? 100 : outcome === "review" ? 90 : 40, verdicts: [] };
  };
  return Object.assign(fn, { calls });
}

function withConsider(code: string, detail?: string) {
  const name = (CERT_OF as Record<string, (typeof CERT_OF)[CheckCode]>)[code] ?? "identity-document";
  const certs = allClear().filter((c) => c.name !== name);
  certs.push(consider(name, detail === undefined ? code : { code, detail }));
  return certs;
}

describe("KYC Bot", () => {
  it.each<Plan>(["payg", "self-managed", "managed", "managed-dedicated"])(
    "approves an all-CLEAR profile on %s and says so",
    (plan) => {
      const decision = decide(aService({ plan }), aProfile({ certificates: allClear() }));
      expect(decision).toEqual({
        action: "approve",
        reasonCodes: ["ALL_CLEAR"],
        remediationMessage: expect.stringContaining("approved"),
        ruleVersion: RULE_VERSION,
        bot: "kyc-bot",
      });
    },
  );

  it("counts optional certificates too: a CONSIDER proof of address is not all clear", () => {
    const certs = [...allClear(), consider("proof-of-address", "POA_EXPIRED")];
    expect(decide(aService({ plan: "payg" }), aProfile({ certificates: certs })).action).toBe("review");
  });

  it("leaves a profile missing a required certificate for review", () => {
    const decision = decide(aService(), aProfile({ certificates: [clear("selfie"), clear("aml")] }));
    expect(decision).toMatchObject({ action: "review", reasonCodes: ["CERTIFICATES_MISSING"] });
  });

  it.each([
    ["payg", false],
    ["self-managed", false],
  ] as const)(
    "leaves CONSIDER results on %s (advanced bot %s) for manual review",
    (plan, advancedBotEnabled) => {
      const decision = decide(
        aService({ plan, advancedBotEnabled }),
        aProfile({ certificates: withConsider("DOC_EXPIRED") }),
      );
      expect(decision).toMatchObject({
        action: "review",
        reasonCodes: ["ADVANCED_BOT_NOT_ENTITLED"],
        bot: "kyc-bot",
      });
    },
  );

  it.each([
    ["payg", /service you applied to/],
    ["self-managed", /service you applied to/],
    ["managed", /our team/],
    ["managed-dedicated", /our team/],
  ] as const)("tells the user who reviews a profile left for review on %s", (plan, expected) => {
    const decision = decide(aService({ plan }), aProfile({ certificates: [clear("selfie"), clear("aml")] }));
    expect(decision.action).toBe("review");
    expect(decision.remediationMessage).toMatch(expected);
    if (plan === "payg" || plan === "self-managed")
      expect(decision.remediationMessage).not.toMatch(/our team/);
  });

  it("runs the Advanced KYC Bot on self-managed when it is enabled", () => {
    const decision = decide(
      aService({ plan: "self-managed", advancedBotEnabled: true }),
      aProfile({ certificates: withConsider("DOC_EXPIRED") }),
    );
    expect(decision).toMatchObject({
      action: "reject",
      reasonCodes: ["DOC_EXPIRED"],
      bot: "advanced-kyc-bot",
    });
  });
});

describe("Advanced KYC Bot: each policy and check code", () => {
  const cases = (["standard", "lenient", "strict"] as const).flatMap((policy) =>
    CHECK_CODES.map((code) => [policy, code, EXPECTED[policy][code]] as const),
  );

  it.each(cases)("%s: %s -> %s", (botPolicy, code, action) => {
    const aml = screener("clear");
    // DOC_NAME_MISMATCH with a name that really differs from the profile's.
    const detail = code === "DOC_NAME_MISMATCH" ? "PETER MUSTERMANN" : undefined;
    const decision = decide(aService({ botPolicy }), aProfile({ certificates: withConsider(code, detail) }), {
      screenAml: aml,
    });
    expect(decision.action).toBe(STATUS_OF[action]);
    expect(decision.bot).toBe("advanced-kyc-bot");
    if (action === "approve") expect(decision.reasonCodes).toEqual([code]);
    else expect(decision.reasonCodes).toContain(code);
    expect(aml.calls).toHaveLength(0);
  });

  it("remediation messages tell the user what to fix for every rejectable code", () => {
    const rejectable = CHECK_CODES.filter((c) => STANDARD[c] === "reject");
    for (const code of rejectable) {
      const decision = decide(aService(), aProfile({ certificates: withConsider(code, "PETER MUSTERMANN") }));
      expect(decision.action).toBe("reject");
      expect(decision.remediationMessage).toBe(REMEDIATION_MESSAGES[code]);
      expect(decision.remediationMessage).toMatch(/resubmit|sign/i);
    }
  });

  it("combines several rejections into one message", () => {
    const certs = [
      consider("identity-document", "DOC_EXPIRED"),
      consider("selfie", "SELFIE_QUALITY"),
      clear("aml"),
    ];
    const decision = decide(aService(), aProfile({ certificates: certs }));
    expect(decision.reasonCodes).toEqual(["DOC_EXPIRED", "SELFIE_QUALITY"]);
    expect(decision.remediationMessage).toBe(
      `${REMEDIATION_MESSAGES.DOC_EXPIRED} ${REMEDIATION_MESSAGES.SELFIE_QUALITY}`,
    );
  });

  it("blocks win over rejections, and doubt wins over rejections", () => {
    const fraud = [
      consider("identity-document", "DOC_SUSPECTED_FRAUD"),
      consider("selfie", "SELFIE_QUALITY"),
      clear("aml"),
    ];
    expect(decide(aService(), aProfile({ certificates: fraud }))).toMatchObject({
      action: "block",
      reasonCodes: ["DOC_SUSPECTED_FRAUD"],
    });
    const unknown = [
      consider("identity-document", "DOC_NEW_THING"),
      consider("selfie", "SELFIE_QUALITY"),
      clear("aml"),
    ];
    expect(decide(aService(), aProfile({ certificates: unknown })).action).toBe("review");
  });

  it("does not reveal block reasons to the user", () => {
    const decision = decide(aService(), aProfile({ certificates: withConsider("DOC_SUSPECTED_FRAUD") }));
    expect(decision.remediationMessage).not.toMatch(/fraud|aml|sanction/i);
  });

  it.each(["standard", "lenient", "strict"] as const)(
    "%s never auto-approves an unknown code",
    (botPolicy) => {
      const decision = decide(
        aService({ botPolicy }),
        aProfile({ certificates: withConsider("DOC_HOLOGRAM_MISSING") }),
      );
      expect(decision).toMatchObject({ action: "review", reasonCodes: ["UNKNOWN_CHECK_CODE"] });
    },
  );

  it("sends a CONSIDER certificate without any check to review", () => {
    const certs = [consider("identity-document"), clear("selfie"), clear("aml")];
    expect(decide(aService(), aProfile({ certificates: certs }))).toMatchObject({
      action: "review",
      reasonCodes: ["UNEXPLAINED_CONSIDER"],
    });
  });
});

describe("submission limits", () => {
  it.each([
    ["standard", 3],
    ["lenient", 5],
    ["strict", 2],
  ] as const)("%s allows %i rejections, then blocks with SUBMISSION_LIMIT", (botPolicy, max) => {
    const service = aService({ botPolicy });
    const certificates = withConsider("DOC_IMAGE_QUALITY");
    expect(decide(service, aProfile({ certificates, rejectionCount: max - 1 })).action).toBe("reject");
    const limited = decide(service, aProfile({ certificates, rejectionCount: max }));
    expect(limited).toMatchObject({
      action: "block",
      reasonCodes: ["SUBMISSION_LIMIT", "DOC_IMAGE_QUALITY"],
    });
    expect(limited.remediationMessage).toBe(REMEDIATION_MESSAGES.SUBMISSION_LIMIT);
  });

  it("does not count approvals against the limit", () => {
    const decision = decide(
      aService(),
      aProfile({ certificates: withConsider("GEO_MISMATCH"), rejectionCount: 3 }),
    );
    expect(decision.action).toBe("approve");
  });
});

describe("custom policy", () => {
  const service = aService({
    botPolicy: "custom",
    customPolicy: {
      actions: { DOC_IMAGE_QUALITY: "approve", SELFIE_QUALITY: "block", DOC_EXPIRED: "reject" },
      maxRejections: 1,
    },
  });

  it.each([
    ["DOC_IMAGE_QUALITY", "approve"],
    ["SELFIE_QUALITY", "block"],
    ["DOC_EXPIRED", "reject"],
    ["FACE_MISMATCH", "review"], // not configured: a person decides
  ])("%s -> %s", (code, action) => {
    expect(decide(service, aProfile({ certificates: withConsider(code) })).action).toBe(action);
  });

  it("uses its own rejection limit", () => {
    const decision = decide(
      service,
      aProfile({ certificates: withConsider("DOC_EXPIRED"), rejectionCount: 1 }),
    );
    expect(decision).toMatchObject({ action: "block", reasonCodes: ["SUBMISSION_LIMIT", "DOC_EXPIRED"] });
  });
});

describe("DOC_NAME_MISMATCH", () => {
  const profile = (detail: string, givenName = "María José", familyName = "García López") =>
    aProfile({
      identity: { givenName, familyName, dob: "1990-04-12", nationality: "ES" },
      certificates: withConsider("DOC_NAME_MISMATCH", detail),
    });

  it.each([
    "MARIA JOSE GARCIA LOPEZ",
    "garcia lopez maria jose",
    "GARCIA LOPEZ, MARIA JOSE",
    "MARIA GARCIA LOPEZ",
    "MARIA JOSE GARCIA",
  ])("approves %j: the same name after normalisation", (detail) => {
    expect(decide(aService(), profile(detail))).toMatchObject({
      action: "approve",
      reasonCodes: ["DOC_NAME_MISMATCH_RESOLVED"],
    });
  });

  it.each(["MARTA GARCIA LOPEZ", "MARIA JOSE FERNANDEZ", "JOSE LOPEZ GARCIA PEREZ MARTIN"])(
    "rejects %j: a different name",
    (detail) => {
      expect(decide(aService(), profile(detail))).toMatchObject({
        action: "reject",
        reasonCodes: ["DOC_NAME_MISMATCH"],
      });
    },
  );

  it("rejects when the document name is not given", () => {
    const certs = withConsider("DOC_NAME_MISMATCH");
    expect(decide(aService(), aProfile({ certificates: certs })).action).toBe("reject");
  });
});

describe("AML screening in the Advanced KYC Bot", () => {
  const hits = [{ name: "Maria Schmidt", dob: "1990", country: "DE", categories: ["PEP"] }];
  const amlConsider = {
    name: "aml" as const,
    status: "CONSIDER" as const,
    checks: [{ code: "AML_POTENTIAL_MATCH" }],
    aml: { hits },
  };
  const certs = [clear("identity-document"), clear("selfie"), amlConsider];

  it.each([
    ["block", "block", "AML_MATCH"],
    ["review", "review", "AML_REVIEW"],
    ["clear", "approve", "AML_CLEARED"],
  ] as const)("screening outcome %s -> %s", (outcome, action, reason) => {
    const aml = screener(outcome);
    const service = aService({ amlThresholds: { block: 98, review: 80 } });
    const decision = decide(service, aProfile({ certificates: certs }), { screenAml: aml });
    expect(decision).toMatchObject({ action, reasonCodes: [reason] });
    expect(aml.calls).toEqual([
      [
        { givenName: "Maria", familyName: "Schmidt", dob: "1990-04-12", nationality: "DE" },
        hits,
        { block: 98, review: 80 },
        { fullNameMatch: "block" },
      ],
    ]);
  });

  it("passes the service's full-name-match rule to the matcher", () => {
    const aml = screener("clear");
    const service = aService({ amlFullNameMatch: "weigh-evidence" });
    decide(service, aProfile({ certificates: certs }), { screenAml: aml });
    expect(aml.calls[0]?.[3]).toEqual({ fullNameMatch: "weigh-evidence" });
  });

  it("a cleared AML hit does not hide a rejection elsewhere", () => {
    const mixed = [consider("identity-document", "DOC_EXPIRED"), clear("selfie"), amlConsider];
    expect(
      decide(aService(), aProfile({ certificates: mixed }), { screenAml: screener("clear") }),
    ).toMatchObject({
      action: "reject",
      reasonCodes: ["DOC_EXPIRED"],
    });
  });

  it("leaves AML hits of an archived profile (no identity) for review", () => {
    const decision = decide(aService(), aProfile({ identity: null, certificates: certs }), {
      screenAml: screener("block"),
    });
    expect(decision).toMatchObject({ action: "review", reasonCodes: ["AML_NO_SUBJECT"] });
  });

  it("uses the real name matcher by default: a 100% same-name hit blocks, with its evidence", () => {
    const decision = decide(aService(), aProfile({ certificates: certs }));
    expect(decision).toMatchObject({ action: "block", reasonCodes: ["AML_MATCH"] });
    expect(decision.amlEvidence).toEqual([
      {
        categories: ["PEP"],
        nameScore: 100,
        score: 100,
        verdict: "match",
        reasons: ["NAME_SAME", "COUNTRY_MATCH", "DOB_YEAR_MATCH", "FULL_NAME_MATCH"],
      },
    ]);
  });

  it("blocks a 100% same-name hit whose year of birth differs by default (the reference's rule)", () => {
    const other = { ...amlConsider, aml: { hits: [{ ...hits[0]!, dob: "1951" }] } };
    const decision = decide(
      aService(),
      aProfile({ certificates: [clear("identity-document"), clear("selfie"), other] }),
    );
    expect(decision).toMatchObject({ action: "block", reasonCodes: ["AML_MATCH"] });
    expect(decision.amlEvidence?.[0]?.reasons).toEqual(
      expect.arrayContaining(["DOB_YEAR_MISMATCH", "FULL_NAME_MATCH"]),
    );
  });

  it("clears a 100% same-name hit whose year of birth differs only when the service weighs evidence", () => {
    const other = { ...amlConsider, aml: { hits: [{ ...hits[0]!, dob: "1951" }] } };
    const decision = decide(
      aService({ amlFullNameMatch: "weigh-evidence" }),
      aProfile({ certificates: [clear("identity-document"), clear("selfie"), other] }),
    );
    expect(decision).toMatchObject({ action: "approve", reasonCodes: ["AML_CLEARED"] });
  });
});
