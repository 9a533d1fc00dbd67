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

type Hex = `0x${string}`;

/**
 * The two methods of viem's `PublicClient` the reader uses. Structural, so the SDK needs no viem
 * dependency; the repository's CI type-checks a real viem 2 client against it.
 */
export interface ViemReadClient {
  readContract(parameters: {
    address: Hex;
    abi: typeof REGISTRY_READ_ABI;
    functionName: "isVerified" | "verifiedUntil";
    args: readonly [bigint, Hex];
  }): Promise<unknown>;
  readContract(parameters: {
    address: Hex;
    abi: typeof REGISTRY_READ_ABI;
    functionName: "verifiedUntilBatch";
    args: readonly [bigint, readonly Hex[]];
  }): Promise<unknown>;
  readContract(parameters: {
    address: Hex;
    abi: typeof REGISTRY_READ_ABI;
    functionName: "isIssuedFor";
    args: readonly [bigint, Hex, Hex];
  }): Promise<unknown>;
  getBlock(): Promise<{ timestamp: bigint }>;
}

function hex(value: string): Hex {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new TypeError(`not an address: ${value}`);
  return value as Hex;
}

function bytes32(value: string): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new TypeError(`not a bytes32: ${value}`);
  return value as Hex;
}

/** A reader on a viem public client: `registryReaderFromViem(createPublicClient({ chain, transport }), address)`. */
export function registryReaderFromViem(client: ViemReadClient, registryAddress: string): RegistryReader {
  const address = hex(registryAddress);
  const abi = REGISTRY_READ_ABI;
  return new RegistryReader({
    isVerified: async (serviceId, wallet) =>
      (await client.readContract({
        address,
        abi,
        functionName: "isVerified",
        args: [serviceId, hex(wallet)],
      })) as boolean,
    verifiedUntil: async (serviceId, wallet) =>
      (await client.readContract({
        address,
        abi,
        functionName: "verifiedUntil",
        args: [serviceId, hex(wallet)],
      })) as bigint,
    isIssuedFor: async (serviceId, wallet, refKey) =>
      (await client.readContract({
        address,
        abi,
        functionName: "isIssuedFor",
        args: [serviceId, hex(wallet), bytes32(refKey)],
      })) as boolean,
    verifiedUntilBatch: async (serviceId, wallets) =>
      (await client.readContract({
        address,
        abi,
        functionName: "verifiedUntilBatch",
        args: [serviceId, wallets.map(hex)],
      })) as readonly bigint[],
    latestBlockTimestamp: async () => (await client.getBlock()).timestamp,
  });
}
