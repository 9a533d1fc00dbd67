// KycGated's three checks, through a harness: the caller, an explicit account, a minimum remaining validity.
// The real registry (block time) so the registry's expiry and KycGated's `block.timestamp` share one clock.
import { expect } from "chai";
import { network } from "hardhat";
import { refKeyAt } from "./support/registry-fixture.js";

const { ethers, networkHelpers } = await network.create();

const VALIDITY_SECONDS = 1_000n;

async function gatedFixture() {
  const [admin, attester, verified, unverified, relayer] = await ethers.getSigners();
  if (!admin || !attester || !verified || !unverified || !relayer) throw new Error("need five signers");
  const registry = await ethers.deployContract("KycRegistry", [86_400, admin.address]);
  await registry.createService([attester.address]);
  const serviceId = 1n;
  const expiresAt = BigInt(await networkHelpers.time.latest()) + VALIDITY_SECONDS;
  await registry.connect(attester).attest(serviceId, verified.address, refKeyAt(1), expiresAt);
  const gated = await ethers.deployContract("KycGatedHarness", [await registry.getAddress(), serviceId]);
  return { registry, attester, gated, serviceId, expiresAt, verified, unverified, relayer };
}

describe("KycGated checks", () => {
  it("onlyKycVerified admits a verified caller and refuses an unverified one", async () => {
    const { gated, verified, unverified } = await networkHelpers.loadFixture(gatedFixture);
    await gated.connect(verified).callerOnly();
    expect(await gated.lastAccount()).to.equal(verified.address);
    await expect(gated.connect(unverified).callerOnly())
      .to.be.revertedWithCustomError(gated, "KycGatedNotVerified")
      .withArgs(unverified.address);
  });

  it("onlyKycVerifiedAccount checks the named account, not the caller", async () => {
    const { gated, verified, unverified, relayer } = await networkHelpers.loadFixture(gatedFixture);
    await gated.connect(relayer).forAccount(verified.address);
    expect(await gated.lastAccount()).to.equal(verified.address);
    await expect(gated.connect(verified).forAccount(unverified.address))
      .to.be.revertedWithCustomError(gated, "KycGatedNotVerified")
      .withArgs(unverified.address);
  });

  it("onlyKycVerifiedFor admits a flag valid long enough and refuses one expiring sooner", async () => {
    const { gated, verified, unverified, expiresAt } = await networkHelpers.loadFixture(gatedFixture);
    expect(await gated.kycVerifiedUntil(verified.address)).to.equal(expiresAt);
    await gated.connect(verified).callerFor(VALIDITY_SECONDS / 2n);
    expect(await gated.lastAccount()).to.equal(verified.address);

    // The next block is at least one second later, so the whole validity is no longer left.
    const nextBlockTime = BigInt(await networkHelpers.time.latest()) + 1n;
    await networkHelpers.time.setNextBlockTimestamp(nextBlockTime);
    await expect(gated.connect(verified).callerFor(VALIDITY_SECONDS))
      .to.be.revertedWithCustomError(gated, "KycGatedValidityTooShort")
      .withArgs(verified.address, expiresAt, nextBlockTime + VALIDITY_SECONDS);
    await expect(gated.connect(unverified).callerFor(0n))
      .to.be.revertedWithCustomError(gated, "KycGatedNotVerified")
      .withArgs(unverified.address);
  });

  it("isKycVerifiedFor answers the same question as a view, and turns false once the flag is revoked", async () => {
    const { registry, attester, gated, serviceId, verified } = await networkHelpers.loadFixture(gatedFixture);
    expect(await gated.isKycVerifiedFor(verified.address, VALIDITY_SECONDS / 2n)).to.equal(true);
    expect(await gated.isKycVerifiedFor(verified.address, VALIDITY_SECONDS * 2n)).to.equal(false);
    await registry.connect(attester).revokeBatch(serviceId, [verified.address]);
    expect(await gated.isKycVerifiedFor(verified.address, 0n)).to.equal(false);
    expect(await gated.kycVerifiedUntil(verified.address)).to.equal(0n);
    await expect(gated.connect(verified).callerFor(0n)).to.be.revertedWithCustomError(
      gated,
      "KycGatedNotVerified",
    );
  });
});
