import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { identityVisible } from "../../../lambdas/domain/business-api/identity-access.js";
import { readStatus } from "../../../lambdas/domain/business-api/read-status.js";
import type { StatusReader } from "../../../lambdas/domain/business-api/ports.js";
import { statusViewOf, type OnchainView } from "../../../lambdas/domain/business-api/status-view.js";
import { NotFoundError } from "../../../lambdas/domain/errors.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { PLANS, type Plan, type Service } from "../../../lambdas/domain/service.js";
import { aProfile, aService } from "../../support/domain-builders.js";

const ONCHAIN: OnchainView = {
  chainId: 31337,
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  serviceId: "0x01",
  wallet: "0x52908400098527886E0F7030069857D2E4169EE7",
  verifiedUntil: 1_800_000_000,
  txHash: `0x${"ab".repeat(32)}`,
};

/** Every personal value a profile holds; none may appear anywhere in a managed plan's response. */
function personalValuesOf(profile: Profile): string[] {
  return [
    ...(profile.identity === null ? [] : Object.values(profile.identity)),
    ...profile.documents.flatMap((document) => [document.number]),
    ...(profile.ipCountry === null ? [] : [`"ipCountry"`]),
    `"identity"`,
    `"documents"`,
    `"certificates"`,
  ];
}

function readerFor(profile: Profile, service: Service, onchain: OnchainView | null = ONCHAIN): StatusReader {
  return {
    getService: async (clientId) => (clientId === service.clientId ? service : null),
    getProfileWithOnchain: async (clientId, refId) =>
      clientId === profile.clientId && refId === profile.refId
        ? { profile, onchain }
        : { profile: null, onchain: null },
    refIdOfRecord: async (clientId, recordId) =>
      clientId === profile.clientId && recordId === profile.recordId ? profile.refId : null,
  };
}

const grantsArbitrary = fc.subarray(["status", "identity", "intake", "status+identity"]);
const identityArbitrary = fc.record({
  givenName: fc.string({ minLength: 3, maxLength: 20 }).map((name) => `Given${name}`),
  familyName: fc.string({ minLength: 3, maxLength: 20 }).map((name) => `Family${name}`),
  dob: fc.constantFrom("1990-04-01", "1975-12-31"),
  nationality: fc.constantFrom("PT", "VN", "DE"),
});

describe("the business status view", () => {
  it("never carries personal data on managed plans, whatever the caller's grants", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Plan>("managed", "managed-dedicated"),
        grantsArbitrary,
        identityArbitrary,
        fc.string({ minLength: 5, maxLength: 12 }).map((n) => `DOC${n}`),
        async (plan, grants, identity, documentNumber) => {
          const service = aService({ plan });
          const profile = aProfile({
            identity,
            documents: [{ type: "passport", number: documentNumber, country: "PT" }],
          });
          const view = await readStatus(readerFor(profile, service), {
            clientId: "acme",
            lookup: { by: "refId", refId: profile.refId },
            grants,
          });
          const json = JSON.stringify(view);
          for (const value of personalValuesOf(profile)) expect(json).not.toContain(value);
          expect(view.identities).toBeUndefined();
          expect(view.certs).toBeUndefined();
          expect(view.certificates).toBeUndefined();
        },
      ),
    );
  });

  it("adds identity attributes only for an identity grant on payg and self-managed", async () => {
    for (const plan of PLANS) {
      for (const grants of [["status"], ["status", "identity"]]) {
        const view = await readStatus(readerFor(aProfile(), aService({ plan })), {
          clientId: "acme",
          lookup: { by: "refId", refId: "user-1" },
          grants,
        });
        const expected = grants.includes("identity") && (plan === "payg" || plan === "self-managed");
        expect({ plan, grants, identities: view.identities }).toEqual({
          plan,
          grants,
          identities: expected
            ? {
                given_name: { type: "string", value: "Ana" },
                family_name: { type: "string", value: "Pereira" },
                dob: { type: "string", value: "04/01/1990" },
                nationality: { type: "string", value: "PT" },
              }
            : undefined,
        });
        expect(view.certs !== undefined).toBe(expected);
        // Documents and IP country are never part of the view.
        expect(JSON.stringify(view)).not.toMatch(/CA 123-456|ipCountry|documents/);
      }
    }
  });

  it("decides identity from the plan alone when the key claims more (stale cache, old key)", () => {
    expect(identityVisible(["status", "identity"], "managed")).toBe(false);
    expect(identityVisible(["status", "identity"], "managed-dedicated")).toBe(false);
    expect(identityVisible(["status", "identity"], "payg")).toBe(true);
    expect(identityVisible(["status"], "self-managed")).toBe(false);
  });

  it("has exactly the Blockpass record fields and copies the on-chain record", () => {
    const profile = aProfile({ status: "approved", approvedDate: "2026-01-11T00:00:00.000Z" });
    const view = statusViewOf(profile, { mode: "ongoing" }, { ...ONCHAIN, extra: "x" } as OnchainView);
    expect(Object.keys(view).sort()).toEqual(
      [
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
      ].sort(),
    );
    expect(view.onchain).toEqual(ONCHAIN);
    expect(statusViewOf(profile, { mode: "ongoing" }, null).onchain).toBeNull();
  });

  it("answers 404 alike for unknown, erased and other services' profiles", async () => {
    const service = aService();
    const erased = aProfile({ deleted: true, identity: null });
    const request = {
      clientId: "acme",
      lookup: { by: "refId", refId: "user-1" } as const,
      grants: ["status"],
    };
    await expect(readStatus(readerFor(erased, service), request)).rejects.toBeInstanceOf(NotFoundError);
    const otherService = aProfile({ clientId: "globex" });
    await expect(readStatus(readerFor(otherService, service), request)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      readStatus(readerFor(aProfile(), service), {
        ...request,
        lookup: { by: "recordId", recordId: "nope" },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
