import { readFile, rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The registry deployments `@kyc-attest/contracts` ships (its build turns them into `DEPLOYMENTS`). */
export const DEPLOYMENTS_FILE = fileURLToPath(
  new URL("../../packages/contracts/deployments.json", import.meta.url),
);

type Deployments = Record<string, { KycRegistry: string; description?: string }>;

/**
 * Records where the registry was deployed on `chainId`. Written only when the address changed (a fresh
 * local node deploys to the same address every time), through a rename so concurrent stacks never leave
 * a half-written file.
 */
export async function recordRegistryDeployment(
  chainId: bigint | number,
  address: string,
  description: string,
  file = DEPLOYMENTS_FILE,
): Promise<void> {
  const deployments = JSON.parse(await readFile(file, "utf8")) as Deployments;
  const key = chainId.toString();
  if (deployments[key]?.KycRegistry === address) return;
  deployments[key] = { KycRegistry: address, description };
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(deployments, null, 2)}\n`);
  await rename(temporary, file);
}
