// scripts/lib/registry-codec.ts: the packed batch word and the refKey, checked against an independent
// encoding and against what the contract itself stores and emits.
import { expect } from "chai";
import {
  AbiCoder,
  ZeroAddress,
  concat,
  dataSlice,
  getAddress,
  hexlify,
  keccak256,
  toBeHex,
  toUtf8Bytes,
  zeroPadBytes,
} from "ethers";
import fc from "fast-check";
import { network } from "hardhat";
import { packWalletExpiry, refKeyOf, unpackWalletExpiry } from "../../scripts/lib/registry-codec.js";
import { FIXTURE_NOW, deployRegistryWithServices } from "./support/registry-fixture.js";

const { ethers, networkHelpers } = await network.create();

async function registryFixture() {
  return deployRegistryWithServices(ethers);
}

const UINT64_MAX = (1n << 64n) - 1n;
const anyWallet = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(hexlify(bytes)));
const anyExpiry = fc.bigInt({ min: 0n, max: UINT64_MAX });
const anyBytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => hexlify(bytes));

/** `abi.encode(bytes32 salt, string refId)` written out by hand: head (salt, offset 0x40), length, padded bytes. */
function abiEncodeSaltAndString(salt: string, refId: string): string {
  const utf8 = toUtf8Bytes(refId);
  const paddedLength = Math.ceil(utf8.length / 32) * 32;
  return concat([salt, toBeHex(0x40, 32), toBeHex(utf8.length, 32), zeroPadBytes(utf8, paddedLength)]);
}

describe("registry codec", () => {
  it("packs the expiry above the wallet with 32 zero bits between them", () => {
    fc.assert(
      fc.property(anyWallet, anyExpiry, (wallet, expiresAt) => {
        const word = packWalletExpiry(wallet, expiresAt);
        expect(word).to.match(/^0x[0-9a-f]{64}$/);
        expect(dataSlice(word, 0, 8)).to.equal(toBeHex(expiresAt, 8));
        expect(dataSlice(word, 8, 12)).to.equal("0x00000000");
        expect(getAddress(dataSlice(word, 12))).to.equal(wallet);
      }),
    );
  });

  it("unpacks what it packs, for any wallet and uint64 expiry", () => {
    fc.assert(
      fc.property(anyWallet, anyExpiry, (wallet, expiresAt) => {
        expect(unpackWalletExpiry(packWalletExpiry(wallet, expiresAt))).to.deep.equal({ wallet, expiresAt });
      }),
    );
  });

  it("accepts lower-case wallets and rejects expiries outside uint64", () => {
    const wallet = "0x00000000000000000000000000000000000000aa";
    expect(unpackWalletExpiry(packWalletExpiry(wallet, 1n)).wallet).to.equal(getAddress(wallet));
    expect(() => packWalletExpiry(wallet, -1n)).to.throw(RangeError);
    expect(() => packWalletExpiry(wallet, UINT64_MAX + 1n)).to.throw(RangeError);
    expect(packWalletExpiry(wallet, UINT64_MAX)).to.equal(
      `0x${"ff".repeat(8)}${"00".repeat(4)}${"00".repeat(19)}aa`,
    );
  });

  it("refKeyOf is keccak256(abi.encode(bytes32, string))", () => {
    fc.assert(
      fc.property(anyBytes32, fc.string({ unit: "grapheme", maxLength: 80 }), (salt, refId) => {
        const expected = keccak256(abiEncodeSaltAndString(salt, refId));
        expect(refKeyOf(salt, refId)).to.equal(expected);
        expect(AbiCoder.defaultAbiCoder().encode(["bytes32", "string"], [salt, refId])).to.equal(
          abiEncodeSaltAndString(salt, refId),
        );
      }),
    );
  });

  it("gives different refIds and different salts different refKeys", () => {
    const salt = keccak256(toUtf8Bytes("salt"));
    expect(refKeyOf(salt, "user-1")).not.to.equal(refKeyOf(salt, "user-2"));
    expect(refKeyOf(salt, "user-1")).not.to.equal(refKeyOf(keccak256(toUtf8Bytes("other salt")), "user-1"));
  });

  it("is what the contract reads: packed entries and refKeys round-trip through attestBatch", async () => {
    const { registry, attesterA, serviceA } = await networkHelpers.loadFixture(registryFixture);
    const salt = keccak256(toUtf8Bytes("codec salt"));
    const nonZeroWallet = anyWallet.filter((wallet) => wallet !== ZeroAddress);
    const samples = fc.sample(
      fc.tuple(nonZeroWallet, fc.bigInt({ min: FIXTURE_NOW + 1n, max: UINT64_MAX })),
      {
        numRuns: 20,
        seed: 42,
      },
    );
    const refKeys = samples.map((_, index) => refKeyOf(salt, `ref-${index}`));
    const entries = samples.map(([wallet, expiresAt]) => packWalletExpiry(wallet, expiresAt));
    const receipt = await (await registry.connect(attesterA).attestBatch(serviceA, entries, refKeys)).wait();

    const attested = receipt?.logs.map((log) => registry.interface.parseLog(log)?.args.toArray());
    expect(attested).to.deep.equal(
      samples.map(([wallet, expiresAt], index) => [serviceA, wallet, refKeys[index], expiresAt]),
    );
    // A later entry for a repeated wallet wins, so compare against the last sample per wallet.
    const lastByWallet = new Map(samples.map(([wallet, expiresAt], index) => [wallet, { expiresAt, index }]));
    for (const [wallet, { expiresAt, index }] of lastByWallet) {
      expect(await registry.verifiedUntil(serviceA, wallet)).to.equal(expiresAt);
      expect(await registry.isIssuedFor(serviceA, wallet, refKeys[index] as string)).to.equal(true);
    }
  });
});
