import { AbiCoder, Wallet, getAddress, keccak256 } from "ethers";
import { packWalletExpiry, refKeyOf, unpackWalletExpiry } from "../../../scripts/lib/registry-codec.js";

describe("registry codec", () => {
  it("packs the expiry above the wallet with zero padding between them", () => {
    const wallet = "0x00000000000000000000000000000000000000ff";
    const word = packWalletExpiry(wallet, 0x0102030405060708n);
    expect(word).toBe("0x0102030405060708" + "00000000" + "00000000000000000000000000000000000000ff");
  });

  it("round-trips any wallet and uint64 expiry", () => {
    for (const expiresAt of [1n, 1_900_000_000n, (1n << 64n) - 1n]) {
      const wallet = Wallet.createRandom().address;
      expect(unpackWalletExpiry(packWalletExpiry(wallet, expiresAt))).toEqual({
        wallet: getAddress(wallet),
        expiresAt,
      });
    }
  });

  it("refuses expiries outside uint64 and malformed wallets", () => {
    const wallet = Wallet.createRandom().address;
    expect(() => packWalletExpiry(wallet, 1n << 64n)).toThrow(RangeError);
    expect(() => packWalletExpiry(wallet, -1n)).toThrow(RangeError);
    expect(() => packWalletExpiry("0x1234", 1n)).toThrow();
  });

  it("derives refKey as keccak256(abi.encode(serviceSalt, refId)) and it differs per salt", () => {
    const salt = keccak256("0x01");
    const expected = keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "string"], [salt, "user-42"]));
    expect(refKeyOf(salt, "user-42")).toBe(expected);
    expect(refKeyOf(keccak256("0x02"), "user-42")).not.toBe(expected);
  });
});
