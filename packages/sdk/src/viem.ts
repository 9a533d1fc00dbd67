// `@kyc-attest/sdk/viem`: the registry reader on a viem public client (no ethers needed).
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

/** The two methods of viem's `PublicClient` the reader uses (structural, so any viem 2 client fits). */
export interface ViemReadClient {
  readContract(parameters: {
    address: `0x${string}`;
    abi: typeof REGISTRY_READ_ABI;
    functionName: "isVerified" | "verifiedUntil" | "verifiedUntilBatch";
    args: readonly unknown[];
  }): Promise<unknown>;
  getBlock(): Promise<{ timestamp: bigint }>;
}

/** A reader on a viem public client: `registryReaderFromViem(createPublicClient({ chain, transport }), address)`. */
export function registryReaderFromViem(
  client: ViemReadClient,
  registryAddress: `0x${string}`,
): RegistryReader {
  const read = (
    functionName: "isVerified" | "verifiedUntil" | "verifiedUntilBatch",
    args: readonly unknown[],
  ) => client.readContract({ address: registryAddress, abi: REGISTRY_READ_ABI, functionName, args });
  return new RegistryReader({
    isVerified: async (serviceId, wallet) => (await read("isVerified", [serviceId, wallet])) as boolean,
    verifiedUntil: async (serviceId, wallet) => (await read("verifiedUntil", [serviceId, wallet])) as bigint,
    verifiedUntilBatch: async (serviceId, wallets) =>
      (await read("verifiedUntilBatch", [serviceId, wallets])) as readonly bigint[],
    latestBlockTimestamp: async () => (await client.getBlock()).timestamp,
  });
}
