import { describe, expect, it } from "@jest/globals";
import {
  describeFirstIssue,
  intakeCertificatesBody,
  intakeProfileBody,
} from "../../../lambdas/shared/intake-schemas.js";

const valid = {
  refId: "user-42",
  wallet: "0x52908400098527886e0f7030069857d2e4169ee7",
  identity: { givenName: "José", familyName: "Núñez-García", dob: "1985-06-15", nationality: "ES" },
  documents: [{ type: "national_id", number: "12345678-Z", country: "ES" }],
};

function firstIssue(
  schema: typeof intakeProfileBody | typeof intakeCertificatesBody,
  input: unknown,
): string {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected the input to be refused");
  return describeFirstIssue(parsed.error);
}

describe("intake profile body", () => {
  it("accepts a valid body and checksums the wallet", () => {
    const parsed = intakeProfileBody.parse(valid);
    expect(parsed.wallet).toBe("0x52908400098527886E0F7030069857D2E4169EE7");
    expect(parsed.ipCountry).toBeUndefined();
  });

  it.each([
    ["a wrong mixed-case checksum", { wallet: "0x52908400098527886E0F7030069857D2E4169Ee7" }, "wallet"],
    ["a short address", { wallet: "0x1234" }, "wallet"],
    [
      "the zero address (the registry refuses it)",
      { wallet: "0x0000000000000000000000000000000000000000" },
      "wallet",
    ],
    ["an impossible date", { identity: { ...valid.identity, dob: "2001-02-29" } }, "identity.dob"],
    ["a future date of birth", { identity: { ...valid.identity, dob: "2999-01-01" } }, "identity.dob"],
    ["an unknown country", { identity: { ...valid.identity, nationality: "XX" } }, "identity.nationality"],
    ["a lower-case country", { identity: { ...valid.identity, nationality: "es" } }, "identity.nationality"],
    [
      "an unknown alpha-3 country",
      { identity: { ...valid.identity, nationality: "ESX" } },
      "identity.nationality",
    ],
    ["a numeric country", { ipCountry: "724" }, "ipCountry"],
    ["digits in a name", { identity: { ...valid.identity, givenName: "J0se" } }, "identity.givenName"],
    [
      "an overlong name",
      { identity: { ...valid.identity, familyName: "x".repeat(101) } },
      "identity.familyName",
    ],
    [
      "an unknown document type",
      { documents: [{ type: "visa", number: "1", country: "ES" }] },
      "documents.0.type",
    ],
    [
      "symbols in a document number",
      { documents: [{ type: "passport", number: "A#1", country: "ES" }] },
      "documents.0.number",
    ],
    ["too many documents", { documents: Array(6).fill(valid.documents[0]) }, "documents"],
    ["a refId with a key separator", { refId: "a#b" }, "refId"],
    ["an unexpected property", { role: "admin" }, ""],
  ])("refuses %s", (_, override, field) => {
    const message = firstIssue(intakeProfileBody, { ...valid, ...override });
    expect(message).toMatch(
      field === "" ? /^Invalid input/ : new RegExp(`^Invalid ${field.replace(".", "\\.")}:`),
    );
  });

  it("accepts alpha-3 countries everywhere and normalises them to alpha-2", () => {
    const parsed = intakeProfileBody.parse({
      ...valid,
      identity: { ...valid.identity, nationality: "DEU" },
      documents: [{ type: "passport", number: "C01X00T47", country: "XKX" }],
      ipCountry: "GBR",
    });
    expect(parsed.identity.nationality).toBe("DE");
    expect(parsed.documents[0]?.country).toBe("XK");
    expect(parsed.ipCountry).toBe("GB");
  });

  it("names both accepted forms when it refuses a country", () => {
    expect(firstIssue(intakeProfileBody, { ...valid, ipCountry: "ZZZ" })).toBe(
      "Invalid ipCountry: must be an ISO 3166-1 alpha-2 or alpha-3 country code",
    );
  });

  it("accepts names in other scripts", () => {
    expect(
      intakeProfileBody.safeParse({
        ...valid,
        identity: { ...valid.identity, givenName: "Дмитрий", familyName: "王" },
      }).success,
    ).toBe(true);
  });
});

describe("intake certificates body", () => {
  const clear = { name: "selfie", status: "CLEAR", checks: [] };

  it("accepts unknown but well-formed check codes (they go to manual review)", () => {
    const parsed = intakeCertificatesBody.parse({
      certificates: [
        {
          name: "aml",
          status: "CONSIDER",
          checks: [{ code: "NEW_PROVIDER_CODE" }],
          aml: { hits: [{ name: "X Y", dob: "1960", categories: ["PEP"] }] },
        },
      ],
    });
    expect(parsed.certificates[0]?.checks[0]?.code).toBe("NEW_PROVIDER_CODE");
  });

  it("normalises an AML hit's alpha-3 country to alpha-2", () => {
    const parsed = intakeCertificatesBody.parse({
      certificates: [
        {
          name: "aml",
          status: "CONSIDER",
          checks: [],
          aml: { hits: [{ name: "X Y", country: "RUS", categories: [] }] },
        },
      ],
    });
    expect(parsed.certificates[0]?.aml?.hits[0]?.country).toBe("RU");
  });

  it.each([
    ["no certificates", { certificates: [] }, /^Invalid certificates:/],
    ["the same name twice", { certificates: [clear, clear] }, /^Invalid certificates:/],
    [
      "an unknown certificate",
      { certificates: [{ ...clear, name: "bank" }] },
      /^Invalid certificates\.0\.name:/,
    ],
    [
      "an unknown status",
      { certificates: [{ ...clear, status: "RED" }] },
      /^Invalid certificates\.0\.status:/,
    ],
    [
      "a malformed code",
      { certificates: [{ ...clear, checks: [{ code: "doc expired" }] }] },
      /^Invalid certificates\.0\.checks\.0\.code:/,
    ],
    [
      "a malformed AML date of birth",
      {
        certificates: [
          {
            name: "aml",
            status: "CONSIDER",
            checks: [],
            aml: { hits: [{ name: "A", dob: "60", categories: [] }] },
          },
        ],
      },
      /^Invalid certificates\.0\.aml\.hits\.0\.dob:/,
    ],
  ])("refuses %s", (_, body, message) => {
    expect(firstIssue(intakeCertificatesBody, body)).toMatch(message);
  });
});
