/**
 * Writes lambdas/adapters/chain/kyc-registry-abi.ts from the compiled KycRegistry artifact, so Lambda
 * bundles carry the ABI without the artifacts folder. Run after `npx hardhat build`:
 *   npx tsx scripts/chain/generate-registry-abi.ts
 * test/unit/chain/registry-abi.test.ts fails when the module is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";

export const ARTIFACT_PATH = fileURLToPath(
  new URL("../../artifacts/contracts/KycRegistry.sol/KycRegistry.json", import.meta.url),
);
export const ABI_MODULE_PATH = fileURLToPath(
  new URL("../../lambdas/adapters/chain/kyc-registry-abi.ts", import.meta.url),
);

/** The ABI module's source text for an artifact (formatted as the repository's Prettier config says). */
export async function registryAbiModuleSource(artifactJson: string): Promise<string> {
  const artifact = JSON.parse(artifactJson) as { contractName: string; abi: unknown[] };
  const source = [
    `// Generated from artifacts/contracts/KycRegistry.sol/KycRegistry.json by`,
    `// scripts/chain/generate-registry-abi.ts. Do not edit; rerun the script after changing the contract.`,
    `export const KYC_REGISTRY_ABI = ${JSON.stringify(artifact.abi)} as const;`,
    "",
  ].join("\n");
  const config = (await resolveConfig(ABI_MODULE_PATH)) ?? {};
  return format(source, { ...config, filepath: ABI_MODULE_PATH });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const source = await registryAbiModuleSource(await readFile(ARTIFACT_PATH, "utf8"));
  await writeFile(ABI_MODULE_PATH, source);
  console.log(`wrote ${ABI_MODULE_PATH}`);
}
