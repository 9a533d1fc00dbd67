// Roles: the default admin (AccessControlDefaultAdminRules: delayed two-step transfer) and PAUSER_ROLE.
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";
import { ADMIN_DELAY_SECONDS, deployRegistryWithServices } from "./support/registry-fixture.js";

const { ethers, networkHelpers } = await network.create();

async function registryFixture() {
  return deployRegistryWithServices(ethers);
}

/** The fixture with a transfer of the admin role to `newAdmin` scheduled. */
async function transferScheduledFixture() {
  const base = await deployRegistryWithServices(ethers);
  await base.registry.beginDefaultAdminTransfer(base.newAdmin.address);
  const [, acceptSchedule] = await base.registry.pendingDefaultAdmin();
  return { ...base, acceptSchedule };
}

describe("KycRegistry roles", () => {
  describe("default admin", () => {
    it("starts with the constructor's admin and delay", async () => {
      const { registry, admin } = await networkHelpers.loadFixture(registryFixture);
      expect(await registry.defaultAdmin()).to.equal(admin.address);
      expect(await registry.owner()).to.equal(admin.address);
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await registry.defaultAdminDelay()).to.equal(BigInt(ADMIN_DELAY_SECONDS));
    });

    it("refuses a zero initial admin at deployment", async () => {
      const factory = await ethers.getContractFactory("KycRegistry");
      await expect(factory.deploy(ADMIN_DELAY_SECONDS, ZeroAddress))
        .to.be.revertedWithCustomError(factory, "AccessControlInvalidDefaultAdmin")
        .withArgs(ZeroAddress);
    });

    it("schedules a transfer the delay after it begins", async () => {
      const { registry, newAdmin } = await networkHelpers.loadFixture(registryFixture);
      const beginsAt = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(beginsAt);
      await expect(registry.beginDefaultAdminTransfer(newAdmin.address))
        .to.emit(registry, "DefaultAdminTransferScheduled")
        .withArgs(newAdmin.address, beginsAt + BigInt(ADMIN_DELAY_SECONDS));
      expect(await registry.pendingDefaultAdmin()).to.deep.equal([
        newAdmin.address,
        beginsAt + BigInt(ADMIN_DELAY_SECONDS),
      ]);
    });

    it("lets only the admin begin a transfer", async () => {
      const { registry, newAdmin, outsider } = await networkHelpers.loadFixture(registryFixture);
      await expect(registry.connect(newAdmin).beginDefaultAdminTransfer(newAdmin.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(newAdmin.address, await registry.DEFAULT_ADMIN_ROLE());
      await expect(registry.connect(outsider).cancelDefaultAdminTransfer()).to.be.revertedWithCustomError(
        registry,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("cannot be accepted until the delay has passed", async () => {
      const { registry, admin, newAdmin, acceptSchedule } =
        await networkHelpers.loadFixture(transferScheduledFixture);
      await expect(registry.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(acceptSchedule);
      // A fixed gas limit skips estimation, so the transaction is mined in the block stamped `acceptSchedule`.
      await networkHelpers.time.setNextBlockTimestamp(acceptSchedule);
      await expect(registry.connect(newAdmin).acceptDefaultAdminTransfer({ gasLimit: 200_000 }))
        .to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(acceptSchedule);
      expect(await registry.defaultAdmin()).to.equal(admin.address);
    });

    it("hands every admin power to the new admin once accepted after the delay", async () => {
      const { registry, admin, newAdmin, outsider, acceptSchedule } =
        await networkHelpers.loadFixture(transferScheduledFixture);
      const adminRole = await registry.DEFAULT_ADMIN_ROLE();
      await networkHelpers.time.increaseTo(acceptSchedule + 1n);
      await expect(registry.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.emit(registry, "RoleGranted")
        .withArgs(adminRole, newAdmin.address, newAdmin.address);
      expect(await registry.defaultAdmin()).to.equal(newAdmin.address);
      expect(await registry.hasRole(adminRole, admin.address)).to.equal(false);

      await expect(registry.createService([]))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, adminRole);
      await expect(registry.connect(newAdmin).createService([outsider.address]))
        .to.emit(registry, "ServiceCreated")
        .withArgs(3n, newAdmin.address);
      await expect(registry.connect(newAdmin).setAttester(1n, outsider.address, true)).to.emit(
        registry,
        "AttesterChanged",
      );
    });

    it("refuses acceptance by anyone but the pending admin, and after a cancellation", async () => {
      const { registry, newAdmin, outsider, acceptSchedule } =
        await networkHelpers.loadFixture(transferScheduledFixture);
      await networkHelpers.time.increaseTo(acceptSchedule + 1n);
      await expect(registry.connect(outsider).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(outsider.address);
      await expect(registry.cancelDefaultAdminTransfer()).to.emit(registry, "DefaultAdminTransferCanceled");
      expect(await registry.pendingDefaultAdmin()).to.deep.equal([ZeroAddress, 0n]);
      await expect(registry.connect(newAdmin).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(newAdmin.address);
    });

    it("changes its delay only after a wait that honours the current delay, and can roll the change back", async () => {
      const { registry, outsider } = await networkHelpers.loadFixture(registryFixture);
      const oneDay = 24n * 60n * 60n;
      await expect(registry.connect(outsider).changeDefaultAdminDelay(oneDay)).to.be.revertedWithCustomError(
        registry,
        "AccessControlUnauthorizedAccount",
      );
      const scheduledAt = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(scheduledAt);
      // Shortening from 3 days to 1 day takes effect after the 2-day difference.
      const effectSchedule = scheduledAt + BigInt(ADMIN_DELAY_SECONDS) - oneDay;
      await expect(registry.changeDefaultAdminDelay(oneDay))
        .to.emit(registry, "DefaultAdminDelayChangeScheduled")
        .withArgs(oneDay, effectSchedule);
      expect(await registry.pendingDefaultAdminDelay()).to.deep.equal([oneDay, effectSchedule]);
      expect(await registry.defaultAdminDelay()).to.equal(BigInt(ADMIN_DELAY_SECONDS));

      await expect(registry.rollbackDefaultAdminDelay()).to.emit(registry, "DefaultAdminDelayChangeCanceled");
      expect(await registry.pendingDefaultAdminDelay()).to.deep.equal([0n, 0n]);

      await registry.changeDefaultAdminDelay(oneDay);
      const [, newSchedule] = await registry.pendingDefaultAdminDelay();
      await networkHelpers.time.increaseTo(newSchedule + 1n);
      expect(await registry.defaultAdminDelay()).to.equal(oneDay);
      expect(await registry.defaultAdminDelayIncreaseWait()).to.equal(5n * oneDay);
    });

    it("refuses to grant the admin role directly, bypassing the delay", async () => {
      const { registry, newAdmin } = await networkHelpers.loadFixture(registryFixture);
      await expect(
        registry.grantRole(await registry.DEFAULT_ADMIN_ROLE(), newAdmin.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules");
    });
  });

  describe("PAUSER_ROLE", () => {
    it("is administered by the default admin", async () => {
      const { registry, pauser } = await networkHelpers.loadFixture(registryFixture);
      const pauserRole = await registry.PAUSER_ROLE();
      expect(pauserRole).to.equal(ethers.id("PAUSER_ROLE"));
      expect(await registry.getRoleAdmin(pauserRole)).to.equal(await registry.DEFAULT_ADMIN_ROLE());
      expect(await registry.hasRole(pauserRole, pauser.address)).to.equal(true);
    });

    it("can be granted and revoked only by the admin", async () => {
      const { registry, admin, pauser, outsider } = await networkHelpers.loadFixture(registryFixture);
      const pauserRole = await registry.PAUSER_ROLE();
      await expect(registry.connect(pauser).grantRole(pauserRole, outsider.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(pauser.address, await registry.DEFAULT_ADMIN_ROLE());

      await expect(registry.grantRole(pauserRole, outsider.address))
        .to.emit(registry, "RoleGranted")
        .withArgs(pauserRole, outsider.address, admin.address);
      await expect(registry.connect(outsider).pause()).to.emit(registry, "Paused");

      await expect(registry.revokeRole(pauserRole, outsider.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(pauserRole, outsider.address, admin.address);
      await expect(registry.connect(outsider).unpause())
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, pauserRole);
    });

    it("can be renounced by its holder", async () => {
      const { registry, admin, pauser } = await networkHelpers.loadFixture(registryFixture);
      const pauserRole = await registry.PAUSER_ROLE();
      await expect(
        registry.connect(pauser).renounceRole(pauserRole, admin.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlBadConfirmation");
      await registry.connect(pauser).renounceRole(pauserRole, pauser.address);
      await expect(registry.connect(pauser).pause())
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(pauser.address, pauserRole);
    });
  });

  it("advertises ERC-165 and IAccessControl", async () => {
    const { registry } = await networkHelpers.loadFixture(registryFixture);
    expect(await registry.supportsInterface("0x01ffc9a7")).to.equal(true);
    expect(await registry.supportsInterface("0x7965db0b")).to.equal(true);
    expect(await registry.supportsInterface("0xffffffff")).to.equal(false);
  });
});
