import { getAddress, id } from "ethers";
import type { IntakeCertificatesBody, IntakeProfileBody } from "../../lambdas/shared/intake-schemas.js";

/**
 * A dozen synthetic applicants for the demo: what an identity provider would deliver for each. Nothing
 * here says how the bots must decide — the summary prints what the service actually did.
 */
export interface DemoApplicant {
  /** Suffixed per run to make the refId. */
  readonly name: string;
  /** What the data is meant to exercise (printed next to the outcome). */
  readonly scenario: string;
  /** Submitted in the second wave, after the first wave is decided (duplicates of earlier profiles). */
  readonly secondWave: boolean;
  readonly profile: Omit<IntakeProfileBody, "refId">;
  /** Certificates delivered; fewer than the service requires leaves the profile incomplete. */
  readonly certificates: IntakeCertificatesBody["certificates"];
}

/** A deterministic, checksummed demo wallet (not a real account). */
export function demoWallet(label: string): string {
  return getAddress(id(`kyc-attest demo wallet ${label}`).slice(0, 42));
}

type Certificate = IntakeCertificatesBody["certificates"][number];
const clear = (name: Certificate["name"]): Certificate => ({ name, status: "CLEAR", checks: [] });
const consider = (name: Certificate["name"], code: string, detail?: string): Certificate => ({
  name,
  status: "CONSIDER",
  checks: [detail === undefined ? { code } : { code, detail }],
});
const amlHits = (...hits: NonNullable<Certificate["aml"]>["hits"]): Certificate => ({
  name: "aml",
  status: "CONSIDER",
  checks: [{ code: "AML_POTENTIAL_MATCH" }],
  aml: { hits },
});
const allClear: Certificate[] = [
  clear("identity-document"),
  clear("selfie"),
  { ...clear("aml"), aml: { hits: [] } },
];

const passport = (number: string, country: string) => [{ type: "passport" as const, number, country }];

export const DEMO_APPLICANTS: readonly DemoApplicant[] = [
  {
    name: "alice",
    scenario: "all certificates CLEAR",
    secondWave: false,
    profile: {
      wallet: demoWallet("alice"),
      identity: {
        givenName: "Alice",
        familyName: "Martin",
        dob: "1990-04-01",
        nationality: "FR",
        email: "alice.martin@example.com",
      },
      documents: passport("18AV12345", "FR"),
      ipCountry: "FR",
    },
    certificates: allClear,
  },
  {
    name: "bruno",
    scenario: "all certificates CLEAR",
    secondWave: false,
    profile: {
      wallet: demoWallet("bruno"),
      identity: {
        givenName: "Bruno",
        familyName: "Costa",
        dob: "1987-11-23",
        nationality: "PT",
        email: "bruno.costa@example.com",
      },
      documents: passport("CB 556-612", "PT"),
      ipCountry: "PT",
    },
    certificates: allClear,
  },
  {
    name: "chen",
    scenario: "blurry document photo",
    secondWave: false,
    profile: {
      wallet: demoWallet("chen"),
      identity: {
        givenName: "Wei",
        familyName: "Chen",
        dob: "1995-02-14",
        nationality: "SG",
        email: "wei.chen@example.com",
      },
      documents: passport("K1234567N", "SG"),
      ipCountry: "SG",
    },
    certificates: [consider("identity-document", "DOC_IMAGE_QUALITY"), clear("selfie"), clear("aml")],
  },
  {
    name: "dina",
    scenario: "liveness check failed",
    secondWave: false,
    profile: {
      wallet: demoWallet("dina"),
      identity: {
        givenName: "Dina",
        familyName: "Levi",
        dob: "1992-07-30",
        nationality: "IL",
        email: "dina.levi@example.com",
      },
      documents: passport("31245678", "IL"),
      ipCountry: "IL",
    },
    certificates: [clear("identity-document"), consider("selfie", "LIVENESS_FAILED"), clear("aml")],
  },
  {
    name: "emeka",
    scenario: "suspected forged document",
    secondWave: false,
    profile: {
      wallet: demoWallet("emeka"),
      identity: {
        givenName: "Emeka",
        familyName: "Okafor",
        dob: "1983-09-09",
        nationality: "NG",
        email: "emeka.okafor@example.com",
      },
      documents: passport("A07654321", "NG"),
      ipCountry: "NG",
    },
    certificates: [consider("identity-document", "DOC_SUSPECTED_FRAUD"), clear("selfie"), clear("aml")],
  },
  {
    name: "fatima",
    scenario: "AML hit: same name, same birth date",
    secondWave: false,
    profile: {
      wallet: demoWallet("fatima"),
      identity: {
        givenName: "Fatima",
        familyName: "Al-Sayed",
        dob: "1985-03-12",
        nationality: "AE",
        email: "fatima.alsayed@example.com",
      },
      documents: passport("P9876543", "AE"),
      ipCountry: "AE",
    },
    certificates: [
      clear("identity-document"),
      clear("selfie"),
      amlHits({ name: "Fatima Al-Sayed", dob: "1985-03-12", country: "AE", categories: ["PEP"] }),
    ],
  },
  {
    name: "goran",
    scenario: "AML hit on an unrelated name",
    secondWave: false,
    profile: {
      wallet: demoWallet("goran"),
      identity: {
        givenName: "Goran",
        familyName: "Novak",
        dob: "1979-12-01",
        nationality: "HR",
        email: "goran.novak@example.com",
      },
      documents: passport("112233445", "HR"),
      ipCountry: "HR",
    },
    certificates: [
      clear("identity-document"),
      clear("selfie"),
      amlHits({ name: "Viktor Petrenko", dob: "1950", country: "UA", categories: ["sanctions"] }),
    ],
  },
  {
    name: "hana",
    scenario: "connects from abroad (IP country ≠ nationality)",
    secondWave: false,
    profile: {
      wallet: demoWallet("hana"),
      identity: {
        givenName: "Hana",
        familyName: "Sato",
        dob: "1998-05-05",
        nationality: "JP",
        email: "hana.sato@example.com",
      },
      documents: passport("TR1234567", "JP"),
      ipCountry: "DE",
    },
    certificates: [consider("identity-document", "GEO_MISMATCH"), clear("selfie"), clear("aml")],
  },
  {
    name: "kofi",
    scenario: "AML hit: same name, other country",
    secondWave: false,
    profile: {
      wallet: demoWallet("kofi"),
      identity: {
        givenName: "Kofi",
        familyName: "Mensah",
        dob: "1991-01-17",
        nationality: "GH",
        email: "kofi.mensah@example.com",
      },
      documents: passport("G2345678", "GH"),
      ipCountry: "GH",
    },
    certificates: [
      clear("identity-document"),
      clear("selfie"),
      amlHits({ name: "Kofi Mensah", country: "NG", categories: ["PEP"] }),
    ],
  },
  {
    name: "lena",
    scenario: "selfie never delivered",
    secondWave: false,
    profile: {
      wallet: demoWallet("lena"),
      identity: {
        givenName: "Lena",
        familyName: "Schmidt",
        dob: "2000-10-10",
        nationality: "DE",
        email: "lena.schmidt@example.com",
      },
      documents: passport("C01X00T47", "DE"),
      ipCountry: "DE",
    },
    certificates: [clear("identity-document"), clear("aml")],
  },
  {
    name: "ivan",
    scenario: "same passport as alice, written differently",
    secondWave: true,
    profile: {
      wallet: demoWallet("ivan"),
      identity: {
        givenName: "Ivan",
        familyName: "Petrov",
        dob: "1989-06-21",
        nationality: "FR",
        email: "ivan.petrov@example.com",
      },
      documents: passport("18av-12345", "FR"),
      ipCountry: "FR",
    },
    certificates: allClear,
  },
  {
    name: "julia",
    scenario: "same wallet as bruno",
    secondWave: true,
    profile: {
      wallet: demoWallet("bruno"),
      identity: {
        givenName: "Julia",
        familyName: "Weber",
        dob: "1993-08-08",
        nationality: "AT",
        email: "julia.weber@example.com",
      },
      documents: passport("P4455667", "AT"),
      ipCountry: "AT",
    },
    certificates: allClear,
  },
];
