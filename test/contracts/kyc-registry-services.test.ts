// Services and attesters: creation, grants, their events and the admin-only guard.
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";
import { deployRegistryWithServices, walletAt } from "./support/registry-fixture.js";

const { ethers, networkHelpers } = await network.create();

async function registryFixture() {
  return deployRegistryWithServices(ethers);
}

describe("KycRegistry services and attesters", () => {
  it("reports its version and that the fixture's services exist", async () => {
    const { registry, attesterA, attesterB } = await networkHelpers.loadFixture(registryFixture);
    expect(await registry.version()).to.equal("1.0.0");
    expect(await registry.serviceCount()).to.equal(2n);
    expect(await registry.serviceExists(0n)).to.equal(false);
    expect(await registry.serviceExists(1n)).to.equal(true);
    expect(await registry.serviceExists(2n)).to.equal(true);
    expect(await registry.serviceExists(3n)).to.equal(false);
    expect(await registry.isAttester(1n, attesterA.address)).to.equal(true);
    expect(await registry.isAttester(2n, attesterA.address)).to.equal(false);
    expect(await registry.isAttester(2n, attesterB.address)).to.equal(true);
  });

  it("createService returns the next sequential id and emits ServiceCreated then AttesterChanged per attester", async () => {
    const { registry, admin, attesterA, attesterB } = await networkHelpers.loadFixture(registryFixture);
    expect(await registry.createService.staticCall([])).to.equal(3n);

    const creation = registry.createService([attesterA.address, attesterB.address]);
    await expect(creation).to.emit(registry, "ServiceCreated").withArgs(3n, admin.address);
    await expect(creation).to.emit(registry, "AttesterChanged").withArgs(3n, attesterA.address, true);
    await expect(creation).to.emit(registry, "AttesterChanged").withArgs(3n, attesterB.address, true);

    const receipt = await (await creation).wait();
    const eventNames = receipt?.logs.map((log) => registry.interface.parseLog(log)?.name);
    expect(eventNames).to.deep.equal(["ServiceCreated", "AttesterChanged", "AttesterChanged"]);
    expect(await registry.serviceCount()).to.equal(3n);
    expect(await registry.isAttester(3n, attesterA.address)).to.equal(true);
    expect(await registry.isAttester(3n, attesterB.address)).to.equal(true);
  });

  it("creates a service with no attesters", async () => {
    const { registry, admin } = await networkHelpers.loadFixture(registryFixture);
    await expect(registry.createService([]))
      .to.emit(registry, "ServiceCreated")
      .withArgs(3n, admin.address)
      .and.not.to.emit(registry, "AttesterChanged");
    expect(await registry.serviceExists(3n)).to.equal(true);
  });

  it("setAttester grants and removes the right to write a service, emitting AttesterChanged", async () => {
    const { registry, attesterA } = await networkHelpers.loadFixture(registryFixture);
    await expect(registry.setAttester(2n, attesterA.address, true))
      .to.emit(registry, "AttesterChanged")
      .withArgs(2n, attesterA.address, true);
    expect(await registry.isAttester(2n, attesterA.address)).to.equal(true);
    expect(await registry.isAttester(1n, attesterA.address)).to.equal(true);

    await expect(registry.setAttester(1n, attesterA.address, false))
      .to.emit(registry, "AttesterChanged")
      .withArgs(1n, attesterA.address, false);
    expect(await registry.isAttester(1n, attesterA.address)).to.equal(false);
    expect(await registry.isAttester(2n, attesterA.address)).to.equal(true);
  });

  it("keeps grants of services in different 128-service grant slots apart", async () => {
    const { registry, attesterA } = await networkHelpers.loadFixture(registryFixture);
    // Services 1..129: 128 and 129 share slot 1 with bit positions 0 and 1, like services 0 and 1 in slot 0.
    for (let created = 3; created <= 129; created++) await registry.createService([]);
    await registry.setAttester(128n, attesterA.address, true);
    expect(await registry.isAttester(128n, attesterA.address)).to.equal(true);
    expect(await registry.isAttester(129n, attesterA.address)).to.equal(false);
    expect(await registry.isAttester(0n, attesterA.address)).to.equal(false);
    await registry.setAttester(1n, attesterA.address, false);
    expect(await registry.isAttester(1n, attesterA.address)).to.equal(false);
    expect(await registry.isAttester(128n, attesterA.address)).to.equal(true);
  });

  it("refuses a zero attester address in createService and setAttester", async () => {
    const { registry, attesterA } = await networkHelpers.loadFixture(registryFixture);
    await expect(registry.createService([attesterA.address, ZeroAddress])).to.be.revertedWithCustomError(
      registry,
      "KycRegistryZeroAddress",
    );
    await expect(registry.setAttester(1n, ZeroAddress, true)).to.be.revertedWithCustomError(
      registry,
      "KycRegistryZeroAddress",
    );
    expect(await registry.serviceCount()).to.equal(2n);
  });

  it("refuses setAttester for a service that was never created", async () => {
    const { registry, attesterA } = await networkHelpers.loadFixture(registryFixture);
    for (const unknownService of [0n, 3n, 128n, 2n ** 255n]) {
      await expect(registry.setAttester(unknownService, attesterA.address, true))
        .to.be.revertedWithCustomError(registry, "KycRegistryUnknownService")
        .withArgs(unknownService);
    }
  });

  it("lets only the admin create services and set attesters", async () => {
    const { registry, attesterA, pauser, outsider } = await networkHelpers.loadFixture(registryFixture);
    const adminRole = await registry.DEFAULT_ADMIN_ROLE();
    for (const caller of [attesterA, pauser, outsider]) {
      await expect(registry.connect(caller).createService([caller.address]))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, adminRole);
      await expect(registry.connect(caller).setAttester(1n, walletAt(1), true))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, adminRole);
    }
  });
});
