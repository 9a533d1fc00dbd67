// Flag reads and expiry: isVerified, verifiedUntil, isIssuedFor, verifiedUntilBatch and flagOf, driven by the
// harness clock, plus the production contract's block-time expiry.
import { expect } from "chai";
import { concat, dataSlice, toBeHex, zeroPadValue } from "ethers";
import { network } from "hardhat";
import {
  ADMIN_DELAY_SECONDS,
  deployRegistryWithServices,
  refKeyAt,
  walletAt,
} from "./support/registry-fixture.js";

const { ethers, networkHelpers } = await network.create();

/** The fixture with walletAt(1) attested for service A (refKeyAt(1)) until the fixture's expiry. */
async function attestedWalletFixture() {
  const base = await deployRegistryWithServices(ethers);
  const wallet = walletAt(1);
  const refKey = refKeyAt(1);
  await base.registry.connect(base.attesterA).attest(base.serviceA, wallet, refKey, base.expiresAt);
  return { ...base, wallet, refKey };
}

/** The production contract (block-time clock) with one service whose attester is the second signer. */
async function productionRegistryFixture() {
  const [admin, attester] = await ethers.getSigners();
  if (!admin || !attester) throw new Error("the Hardhat network must expose at least two signers");
  const registry = await ethers.deployContract("KycRegistry", [ADMIN_DELAY_SECONDS, admin.address]);
  await registry.createService([attester.address]);
  return { registry, attester };
}

describe("KycRegistry reads and expiry", () => {
  it("reads a wallet with no flag as unverified with zero expiry and prefix", async () => {
    const { registry, serviceA, refKey } = await networkHelpers.loadFixture(attestedWalletFixture);
    const stranger = walletAt(2);
    expect(await registry.isVerified(serviceA, stranger)).to.equal(false);
    expect(await registry.verifiedUntil(serviceA, stranger)).to.equal(0n);
    expect(await registry.isIssuedFor(serviceA, stranger, refKey)).to.equal(false);
    expect(await registry.flagOf(serviceA, stranger)).to.deep.equal([0n, zeroPadValue("0x", 24)]);
    // Unknown services read as "no flag" rather than reverting: reads never fail for a dApp.
    expect(await registry.isVerified(42n, walletAt(1))).to.equal(false);
  });

  it("is verified before the expiry and not at or after it, while verifiedUntil keeps the stored expiry", async () => {
    const { registry, serviceA, wallet, refKey, expiresAt } =
      await networkHelpers.loadFixture(attestedWalletFixture);
    await registry.setTime(expiresAt - 1n);
    expect(await registry.isVerified(serviceA, wallet)).to.equal(true);
    expect(await registry.isIssuedFor(serviceA, wallet, refKey)).to.equal(true);

    for (const time of [expiresAt, expiresAt + 1n, expiresAt + 10n ** 9n]) {
      await registry.setTime(time);
      expect(await registry.isVerified(serviceA, wallet)).to.equal(false);
      expect(await registry.isIssuedFor(serviceA, wallet, refKey)).to.equal(false);
      expect(await registry.verifiedUntil(serviceA, wallet)).to.equal(expiresAt);
      expect(await registry.flagOf(serviceA, wallet)).to.deep.equal([expiresAt, dataSlice(refKey, 0, 24)]);
    }
  });

  it("isIssuedFor compares the 24-byte refKey prefix only", async () => {
    const { registry, serviceA, wallet, refKey } = await networkHelpers.loadFixture(attestedWalletFixture);
    const sameprefixOtherTail = concat([dataSlice(refKey, 0, 24), "0x0102030405060708"]);
    const lastPrefixBitFlipped = toBeHex(BigInt(refKey) ^ (1n << 64n), 32);
    const firstBitFlipped = toBeHex(BigInt(refKey) ^ (1n << 255n), 32);
    expect(await registry.isIssuedFor(serviceA, wallet, sameprefixOtherTail)).to.equal(true);
    expect(await registry.isIssuedFor(serviceA, wallet, lastPrefixBitFlipped)).to.equal(false);
    expect(await registry.isIssuedFor(serviceA, wallet, firstBitFlipped)).to.equal(false);
    expect(await registry.isIssuedFor(serviceA, wallet, refKeyAt(2))).to.equal(false);
    expect(await registry.isIssuedFor(serviceA + 1n, wallet, refKey)).to.equal(false);
  });

  it("verifiedUntilBatch returns each wallet's expiry in order, 0 for none, revoked or empty input", async () => {
    const { registry, attesterA, serviceA, wallet, expiresAt } =
      await networkHelpers.loadFixture(attestedWalletFixture);
    const other = walletAt(3);
    const revoked = walletAt(4);
    await registry.connect(attesterA).attest(serviceA, other, refKeyAt(3), expiresAt + 7n);
    await registry.connect(attesterA).attest(serviceA, revoked, refKeyAt(4), expiresAt);
    await registry.connect(attesterA).revokeBatch(serviceA, [revoked]);
    expect(await registry.verifiedUntilBatch(serviceA, [other, walletAt(99), wallet, revoked])).to.deep.equal(
      [expiresAt + 7n, 0n, expiresAt, 0n],
    );
    expect(await registry.verifiedUntilBatch(serviceA, [])).to.deep.equal([]);
  });

  it("answers the same through the IKycRegistry interface from another contract", async () => {
    const { registry, serviceA, wallet } = await networkHelpers.loadFixture(attestedWalletFixture);
    const reader = await ethers.deployContract("RegistryReader");
    await reader.measureIsVerified(await registry.getAddress(), serviceA, wallet);
    expect(await reader.lastResult()).to.equal(true);
    expect(await reader.lastReadGas()).to.be.greaterThan(0n);
    await reader.measureIsVerified(await registry.getAddress(), serviceA, walletAt(2));
    expect(await reader.lastResult()).to.equal(false);
  });

  it("the production contract expires flags by block time and refuses expiries not after the block time", async () => {
    const { registry, attester } = await networkHelpers.loadFixture(productionRegistryFixture);
    const wallet = walletAt(1);
    const expiresAt = BigInt(await networkHelpers.time.latest()) + 3600n;
    await registry.connect(attester).attest(1n, wallet, refKeyAt(1), expiresAt);
    expect(await registry.isVerified(1n, wallet)).to.equal(true);

    await networkHelpers.time.increaseTo(expiresAt - 1n);
    expect(await registry.isVerified(1n, wallet)).to.equal(true);
    await networkHelpers.time.increaseTo(expiresAt);
    expect(await registry.isVerified(1n, wallet)).to.equal(false);
    expect(await registry.verifiedUntil(1n, wallet)).to.equal(expiresAt);

    // A fixed gas limit skips estimation, so each transaction is mined in the block stamped as set.
    const nextBlockTime = BigInt(await networkHelpers.time.latest()) + 10n;
    await networkHelpers.time.setNextBlockTimestamp(nextBlockTime);
    await expect(
      registry.connect(attester).attest(1n, wallet, refKeyAt(1), nextBlockTime, { gasLimit: 200_000 }),
    )
      .to.be.revertedWithCustomError(registry, "KycRegistryExpiryInPast")
      .withArgs(wallet, nextBlockTime);
    await networkHelpers.time.setNextBlockTimestamp(nextBlockTime + 1n);
    await expect(
      registry.connect(attester).attest(1n, wallet, refKeyAt(1), nextBlockTime + 2n, { gasLimit: 200_000 }),
    ).to.emit(registry, "Attested");
  });
});
