import { Interface, isCallException } from "ethers";
import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";

const registryInterface = new Interface(KYC_REGISTRY_ABI);

/** The registry refused a call (estimate, simulation): `errorName` is its custom error, if decodable. */
export class RegistryRevertError extends Error {
  override readonly name = "RegistryRevertError";
  readonly errorName: string | null;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(errorName: string | null, context: Record<string, unknown>, options?: { cause?: unknown }) {
    super(`the registry refused the call${errorName === null ? "" : `: ${errorName}`}`, options);
    this.errorName = errorName;
    this.context = { ...context, errorName };
  }
}

/** The revert data of an ethers call exception, decoded with the registry's custom errors. */
export function registryErrorNameOf(error: unknown): string | null {
  if (!isCallException(error) || typeof error.data !== "string" || error.data === "0x") return null;
  try {
    return registryInterface.parseError(error.data)?.name ?? null;
  } catch {
    return null;
  }
}

/** True for errors that mean "the EVM reverted", as opposed to the node being unreachable. */
export function isRevert(error: unknown): boolean {
  return isCallException(error);
}
