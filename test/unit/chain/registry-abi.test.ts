import { readFile } from "node:fs/promises";
import {
  ABI_MODULE_PATH,
  ARTIFACT_PATH,
  registryAbiModuleSource,
} from "../../../scripts/chain/generate-registry-abi.js";
import { refKeyOf } from "../../../lambdas/adapters/chain/registry-codec.js";
import { RefKeySalt } from "../../../lambdas/adapters/chain/refkey-salt.js";

describe("KycRegistry ABI module", () => {
  it("matches the compiled artifact (else run: npx tsx scripts/chain/generate-registry-abi.ts)", async () => {
    const expected = await registryAbiModuleSource(await readFile(ARTIFACT_PATH, "utf8"));
    expect(await readFile(ABI_MODULE_PATH, "utf8")).toBe(expected);
  });
});

describe("refKey salt", () => {
  it("is a per-service keyed hash: stable, different per service and per pepper", () => {
    const salt = new RefKeySalt(Buffer.alloc(32, 1));
    expect(salt.saltOf("acme")).toMatch(/^0x[0-9a-f]{64}$/);
    expect(salt.saltOf("acme")).toBe(RefKeySalt.fromSecret(`hex:${"01".repeat(32)}`).saltOf("acme"));
    expect(salt.saltOf("acme")).not.toBe(salt.saltOf("globex"));
    expect(new RefKeySalt(Buffer.alloc(32, 2)).saltOf("acme")).not.toBe(salt.saltOf("acme"));
    expect(refKeyOf(salt.saltOf("acme"), "user-1")).not.toBe(refKeyOf(salt.saltOf("globex"), "user-1"));
  });

  it("refuses short or missing peppers", () => {
    expect(() => new RefKeySalt(Buffer.alloc(16))).toThrow("at least 32 bytes");
    expect(() => RefKeySalt.fromSecret(undefined)).toThrow("REFKEY_PEPPER");
  });
});
