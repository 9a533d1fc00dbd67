// KycGated through the example dApp GatedTokenSale: only wallets verified for the sale's service contribute.
import { expect } from "chai";
import { ZeroAddress, parseEther } from "ethers";
import { network } from "hardhat";
import { deployRegistryWithServices, refKeyAt } from "./support/registry-fixture.js";

const { ethers, networkHelpers } = await network.create();

/** A sale gated on service A; `verified` holds a flag for service A, `verifiedElsewhere` only for service B. */
async function saleFixture() {
  const base = await deployRegistryWithServices(ethers);
  const signers = await ethers.getSigners();
  const [verified, verifiedElsewhere, unverified] = signers.slice(10, 13);
  if (!verified || !verifiedElsewhere || !unverified) throw new Error("the network must expose 13 signers");
  const sale = await ethers.deployContract("GatedTokenSale", [
    await base.registry.getAddress(),
    base.serviceA,
  ]);
  await base.registry
    .connect(base.attesterA)
    .attest(base.serviceA, verified.address, refKeyAt(1), base.expiresAt);
  await base.registry
    .connect(base.attesterB)
    .attest(base.serviceB, verifiedElsewhere.address, refKeyAt(2), base.expiresAt);
  return { ...base, sale, verified, verifiedElsewhere, unverified };
}

describe("KycGated (GatedTokenSale)", () => {
  it("records the registry and service it is gated on", async () => {
    const { registry, sale, serviceA } = await networkHelpers.loadFixture(saleFixture);
    expect(await sale.kycRegistry()).to.equal(await registry.getAddress());
    expect(await sale.kycServiceId()).to.equal(serviceA);
  });

  it("refuses a zero registry at deployment", async () => {
    const factory = await ethers.getContractFactory("GatedTokenSale");
    await expect(factory.deploy(ZeroAddress, 1n)).to.be.revertedWithCustomError(
      factory,
      "KycGatedZeroRegistry",
    );
  });

  it("accepts a contribution from a verified wallet", async () => {
    const { sale, verified } = await networkHelpers.loadFixture(saleFixture);
    const amount = parseEther("1.5");
    expect(await sale.isKycVerified(verified.address)).to.equal(true);
    await expect(sale.connect(verified).contribute({ value: amount }))
      .to.emit(sale, "Contributed")
      .withArgs(verified.address, amount);
    await sale.connect(verified).contribute({ value: 1n });
    expect(await sale.contributions(verified.address)).to.equal(amount + 1n);
    expect(await sale.totalRaised()).to.equal(amount + 1n);
    expect(await ethers.provider.getBalance(await sale.getAddress())).to.equal(amount + 1n);
  });

  it("refuses wallets never verified or verified only for another service", async () => {
    const { sale, unverified, verifiedElsewhere } = await networkHelpers.loadFixture(saleFixture);
    for (const caller of [unverified, verifiedElsewhere]) {
      expect(await sale.isKycVerified(caller.address)).to.equal(false);
      await expect(sale.connect(caller).contribute({ value: 1n }))
        .to.be.revertedWithCustomError(sale, "KycGatedNotVerified")
        .withArgs(caller.address);
    }
    expect(await sale.totalRaised()).to.equal(0n);
  });

  it("refuses a wallet whose flag expired, and accepts it again once renewed", async () => {
    const { registry, attesterA, sale, serviceA, verified, expiresAt } =
      await networkHelpers.loadFixture(saleFixture);
    await registry.setTime(expiresAt);
    expect(await sale.isKycVerified(verified.address)).to.equal(false);
    await expect(sale.connect(verified).contribute({ value: 1n }))
      .to.be.revertedWithCustomError(sale, "KycGatedNotVerified")
      .withArgs(verified.address);

    await registry.connect(attesterA).attest(serviceA, verified.address, refKeyAt(1), expiresAt + 100n);
    await expect(sale.connect(verified).contribute({ value: 1n })).to.emit(sale, "Contributed");
  });

  it("refuses a wallet whose flag was revoked", async () => {
    const { registry, attesterA, sale, serviceA, verified } = await networkHelpers.loadFixture(saleFixture);
    await registry.connect(attesterA).revokeBatch(serviceA, [verified.address]);
    expect(await sale.isKycVerified(verified.address)).to.equal(false);
    await expect(sale.connect(verified).contribute({ value: 1n }))
      .to.be.revertedWithCustomError(sale, "KycGatedNotVerified")
      .withArgs(verified.address);
  });

  it("keeps gating while the registry's writes are paused", async () => {
    const { registry, pauser, sale, verified, unverified } = await networkHelpers.loadFixture(saleFixture);
    await registry.connect(pauser).pause();
    await expect(sale.connect(verified).contribute({ value: 1n })).to.emit(sale, "Contributed");
    await expect(sale.connect(unverified).contribute({ value: 1n })).to.be.revertedWithCustomError(
      sale,
      "KycGatedNotVerified",
    );
  });

  it("refuses a zero contribution from a verified wallet", async () => {
    const { sale, verified } = await networkHelpers.loadFixture(saleFixture);
    await expect(sale.connect(verified).contribute({ value: 0n })).to.be.revertedWithCustomError(
      sale,
      "GatedTokenSaleZeroContribution",
    );
  });
});
