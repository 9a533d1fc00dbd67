// `@kyc-attest/sdk/registry`: the registry reader on ethers 6.
import { AbiCoder, Contract, keccak256, type ContractRunner } from "ethers";
import { REGISTRY_READ_ABI } from "./registry-abi.js";
import { RegistryReader } from "./registry-reader.js";

export {
  DEFAULT_BATCH_SIZE,
  RegistryReader,
  type RegistryCalls,
  type ServiceIdLike,
  type WalletVerification,
} from "./registry-reader.js";
export { REGISTRY_READ_ABI } from "./registry-abi.js";

/**
 * The refKey the service attests a refId under: `keccak256(abi.encode(bytes32 salt, string refId))`,
 * with the salt from `StatusClient.onchain()`.
 */
export function refKeyOf(salt: string, refId: string): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "string"], [salt, refId]));
}

/** A reader on an ethers 6 provider (or any runner with one): `registryReaderFromEthers(provider, address)`. */
export function registryReaderFromEthers(runner: ContractRunner, registryAddress: string): RegistryReader {
  const registry = new Contract(registryAddress, REGISTRY_READ_ABI, runner);
  const provider = runner.provider ?? null;
  return new RegistryReader({
    isVerified: (serviceId, wallet) =>
      registry.getFunction("isVerified")(serviceId, wallet) as Promise<boolean>,
    verifiedUntil: (serviceId, wallet) =>
      registry.getFunction("verifiedUntil")(serviceId, wallet) as Promise<bigint>,
    isIssuedFor: (serviceId, wallet, refKey) =>
      registry.getFunction("isIssuedFor")(serviceId, wallet, refKey) as Promise<boolean>,
    verifiedUntilBatch: async (serviceId, wallets) => [
      ...((await registry.getFunction("verifiedUntilBatch")(serviceId, [...wallets])) as bigint[]),
    ],
    latestBlockTimestamp: async () => {
      if (provider === null) throw new Error("the ethers runner has no provider to read blocks from");
      const block = await provider.getBlock("latest");
      if (block === null) throw new Error("the provider returned no latest block");
      return BigInt(block.timestamp);
    },
  });
}
