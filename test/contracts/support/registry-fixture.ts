// Shared set-up for the KycRegistry mocha suites. No tests here: each suite connects to its own network
// and wraps `deployRegistryWithServices` in a named fixture so `loadFixture` can snapshot it.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { getAddress, id } from "ethers";
import { packWalletExpiry, refKeyOf } from "../../../scripts/lib/registry-codec.js";
// Typed `ethers.deployContract` results: the typechain augmentation Hardhat generates on build, which
// tsconfig's `include` does not reach on its own.
import type {} from "../../../types/ethers-contracts/hardhat.js";

/** Delay before a scheduled admin transfer can be accepted, in seconds. */
export const ADMIN_DELAY_SECONDS = 3 * 24 * 60 * 60;
/** The harness clock at the start of every fixture (2030-03-17), independent of block time. */
export const FIXTURE_NOW = 1_900_000_000n;
export const ONE_YEAR_SECONDS = 365n * 24n * 60n * 60n;
/** A salt per service, as the attester would hold off-chain. */
export const SERVICE_SALT = id("kyc-attest test service salt");

/** A deterministic, checksummed wallet address that is not one of the signers. */
export function walletAt(index: number): string {
  return getAddress(id(`wallet-${index}`).slice(0, 42));
}

/** `count` deterministic wallets starting at `first`. */
export function walletsFrom(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, offset) => walletAt(first + offset));
}

/** The refKey the attester would compute for the `index`-th user of the test service. */
export function refKeyAt(index: number): string {
  return refKeyOf(SERVICE_SALT, `ref-${index}`);
}

/** The batch arguments (packed entries and refKeys) that attest `wallets` until `expiresAt`. */
export function attestBatchArgs(wallets: readonly string[], expiresAt: bigint, firstRefIndex = 0) {
  return {
    entries: wallets.map((wallet) => packWalletExpiry(wallet, expiresAt)),
    refKeys: wallets.map((_, offset) => refKeyAt(firstRefIndex + offset)),
  };
}

/**
 * A time-harness registry with two services (1: attesterA, 2: attesterB), a granted pauser, and the
 * harness clock frozen at {@link FIXTURE_NOW}.
 */
export async function deployRegistryWithServices(ethers: HardhatEthers) {
  const [admin, attesterA, attesterB, pauser, outsider, newAdmin] = await ethers.getSigners();
  if (!admin || !attesterA || !attesterB || !pauser || !outsider || !newAdmin) {
    throw new Error("the Hardhat network must expose at least six signers");
  }
  const registry = await ethers.deployContract("KycRegistryTimeHarness", [
    ADMIN_DELAY_SECONDS,
    admin.address,
  ]);
  await registry.setTime(FIXTURE_NOW);
  await registry.createService([attesterA.address]);
  await registry.createService([attesterB.address]);
  await registry.grantRole(await registry.PAUSER_ROLE(), pauser.address);
  const serviceA = 1n;
  const serviceB = 2n;
  const expiresAt = FIXTURE_NOW + ONE_YEAR_SECONDS;
  return { registry, admin, attesterA, attesterB, pauser, outsider, newAdmin, serviceA, serviceB, expiresAt };
}
