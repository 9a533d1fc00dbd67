import { ConflictError, NotEntitledError, NotFoundError } from "../errors.js";
import { entitlementsOf, type Service } from "../service.js";

/**
 * What a business needs to check its own users on chain: where the registry is, its service id,
 * and the salt of `refKey = keccak256(abi.encode(bytes32 salt, string refId))`. With it the
 * business can call `isIssuedFor(serviceId, wallet, refKey)` for a refId it knows. The salt is
 * given only to the service's own status keys: to everyone else a refKey stays an opaque hash,
 * so refIds (often e-mail addresses) cannot be tested against the flags.
 */
export interface OnchainCoordinates {
  chainId: number;
  registry: string;
  /** The registry's service id, a decimal uint256. */
  serviceId: string;
  /** bytes32 hex. */
  salt: string;
  /** How to compute a refKey with the salt (Solidity notation). */
  refKeyFormula: typeof REF_KEY_FORMULA;
}

export const REF_KEY_FORMULA = "keccak256(abi.encode(bytes32 salt, string refId))";

export interface OnchainCoordinatesDeps {
  getService(
    clientId: string,
  ): Promise<Pick<Service, "plan" | "advancedBotEnabled" | "onchainServiceId"> | null>;
  saltOf(clientId: string): string;
  chain: { chainId: number; registryAddress: string };
}

export async function readOnchainCoordinates(
  deps: OnchainCoordinatesDeps,
  clientId: string,
): Promise<OnchainCoordinates> {
  const service = await deps.getService(clientId);
  if (service === null) throw new NotFoundError(`unknown service ${clientId}`);
  if (!entitlementsOf(service).onchainKyc) {
    throw new NotEntitledError(
      `the ${service.plan} plan has no on-chain KYC: nothing is attested for this service`,
      {
        context: { clientId, plan: service.plan },
      },
    );
  }
  if (service.onchainServiceId === null) {
    throw new ConflictError(
      "this service is not registered on the registry yet; ask the operator to finish onboarding",
      {
        context: { clientId },
      },
    );
  }
  return {
    chainId: deps.chain.chainId,
    registry: deps.chain.registryAddress,
    serviceId: service.onchainServiceId,
    salt: deps.saltOf(clientId),
    refKeyFormula: REF_KEY_FORMULA,
  };
}
