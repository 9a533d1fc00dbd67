import { readFile } from "node:fs/promises";
import { describe, expect, it } from "@jest/globals";
import { DEPLOYMENTS, IKYC_REGISTRY_ABI, KYC_GATED_ABI, KYC_REGISTRY_ABI } from "@kyc-attest/contracts";
import {
  CERTIFICATE_NAMES,
  CERTIFICATE_STATUSES,
  CHECK_CODES,
  DOCUMENT_TYPES,
  PROFILE_STATUSES,
  STATUS_API_PATHS,
  STATUS_RECORD_FIELDS,
} from "@kyc-attest/sdk";
import { refKeyOf as sdkRefKeyOf } from "@kyc-attest/sdk/registry";
import { refKeyOf } from "../../../lambdas/adapters/chain/registry-codec.js";
import { REF_KEY_FORMULA } from "../../../lambdas/domain/business-api/onchain-coordinates.js";
import * as certificates from "../../../lambdas/domain/certificates.js";
import * as profile from "../../../lambdas/domain/profile.js";

/** The packages against what the service actually is: its compiled contracts, openapi.json, its vocabulary. */
const json = async (path: string) =>
  JSON.parse(await readFile(new URL(`../../../${path}`, import.meta.url), "utf8")) as Record<string, unknown>;

describe("@kyc-attest/contracts", () => {
  it("ships the ABIs and sources of the compiled contracts (run `npm run build:packages` when this fails)", async () => {
    const abiOf = async (path: string) => (await json(`artifacts/contracts/${path}`)).abi;
    expect(KYC_REGISTRY_ABI).toEqual(await abiOf("KycRegistry.sol/KycRegistry.json"));
    expect(IKYC_REGISTRY_ABI).toEqual(await abiOf("interfaces/IKycRegistry.sol/IKycRegistry.json"));
    expect(KYC_GATED_ABI).toEqual(await abiOf("KycGated.sol/KycGated.json"));
    for (const source of ["KycGated.sol", "interfaces/IKycRegistry.sol", "examples/GatedTokenSale.sol"]) {
      const shipped = await readFile(
        new URL(`../../../packages/contracts/contracts/${source}`, import.meta.url),
      );
      expect(shipped.equals(await readFile(new URL(`../../../contracts/${source}`, import.meta.url)))).toBe(
        true,
      );
    }
    expect(DEPLOYMENTS).toEqual(await json("packages/contracts/deployments.json"));
  });
});

const IDENTITY_FIELDS = ["identities", "certs", "certificates"];

describe("@kyc-attest/sdk", () => {
  it("computes refKeys exactly as the service attests them", () => {
    const salt = `0x${"5a".repeat(32)}`;
    for (const refId of ["user-1", "alice@example.com", "ü-ß:1", ""]) {
      expect(sdkRefKeyOf(salt, refId)).toBe(refKeyOf(salt, refId));
    }
    expect(REF_KEY_FORMULA).toBe("keccak256(abi.encode(bytes32 salt, string refId))");
  });

  it("calls only paths openapi.json documents, with its methods", async () => {
    const paths = (await json("openapi.json")).paths as Record<string, Record<string, unknown>>;
    for (const [name, path] of Object.entries(STATUS_API_PATHS)) {
      expect(Object.keys(paths[path] ?? {})).toContain(name === "archive" ? "post" : "get");
    }
  });

  it("types a status record with exactly openapi.json's StatusRecord fields and statuses", async () => {
    const schemas = ((await json("openapi.json")).components as { schemas: Record<string, unknown> }).schemas;
    const statusRecord = schemas.StatusRecord as {
      properties: Record<string, { enum?: string[] }>;
      required: string[];
    };
    // The optional personal-data fields are typed only on StatusRecordWithIdentity.
    expect(
      Object.keys(statusRecord.properties)
        .filter((field) => !IDENTITY_FIELDS.includes(field))
        .sort(),
    ).toEqual([...STATUS_RECORD_FIELDS].sort());
    expect([...statusRecord.required].sort()).toEqual([...STATUS_RECORD_FIELDS].sort());
    expect(statusRecord.properties.status?.enum).toEqual([...PROFILE_STATUSES]);
  });

  it("has the service's certificate vocabulary", () => {
    expect(CERTIFICATE_NAMES).toEqual(certificates.CERTIFICATE_NAMES);
    expect(CERTIFICATE_STATUSES).toEqual(certificates.CERTIFICATE_STATUSES);
    expect(CHECK_CODES).toEqual(certificates.CHECK_CODES);
    expect(DOCUMENT_TYPES).toEqual(profile.DOCUMENT_TYPES);
  });
});
