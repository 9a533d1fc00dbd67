import { AbiCoder, getAddress, keccak256, toBeHex, zeroPadValue } from "ethers";

/** Packs a wallet and its flag expiry into one batch word: `expiresAt << 192 | wallet`. */
export function packWalletExpiry(wallet: string, expiresAt: bigint): string {
  if (expiresAt < 0n || expiresAt >= 1n << 64n)
    throw new RangeError(`expiry out of uint64 range: ${expiresAt}`);
  return toBeHex((expiresAt << 192n) | BigInt(getAddress(wallet)), 32);
}

/** The inverse of {@link packWalletExpiry}. */
export function unpackWalletExpiry(word: string): { wallet: string; expiresAt: bigint } {
  const value = BigInt(word);
  return {
    wallet: getAddress(zeroPadValue(toBeHex(value & ((1n << 160n) - 1n)), 20)),
    expiresAt: value >> 192n,
  };
}

/** `refKey = keccak256(abi.encode(serviceSalt, refId))`: the on-chain handle of a refId that does not reveal it. */
export function refKeyOf(serviceSalt: string, refId: string): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "string"], [serviceSalt, refId]));
}
