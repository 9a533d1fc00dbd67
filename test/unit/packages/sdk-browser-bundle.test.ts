import { describe, expect, it } from "@jest/globals";
import { build } from "esbuild";

/**
 * The SDK runs in browsers: each entry bundles for `platform: "browser"`, where any Node built-in
 * (`node:crypto`, `node:http`, ...) fails the build.
 */
describe("@kyc-attest/sdk in a browser bundle", () => {
  it.each([
    "@kyc-attest/sdk",
    "@kyc-attest/sdk/webhooks",
    "@kyc-attest/sdk/registry",
    "@kyc-attest/sdk/viem",
  ])("%s bundles without Node built-ins", async (entry) => {
    const result = await build({
      stdin: { contents: `export * from "${entry}";`, resolveDir: process.cwd(), loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:/);
  });
});
