// Pause: only PAUSER_ROLE toggles it, it blocks every write of every granted attester (grants made while
// paused and grants in any 128-service slot included), reads keep working, and unpause restores writes.
import { expect } from "chai";
import { network } from "hardhat";
import { packWalletExpiry } from "../../scripts/lib/registry-codec.js";
import {
  attestBatchArgs,
  deployRegistryWithServices,
  refKeyAt,
  walletAt,
} from "./support/registry-fixture.js";

const { ethers, networkHelpers } = await network.create();

type Registry = Awaited<ReturnType<typeof deployRegistryWithServices>>["registry"];
type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];

/** The fixture with walletAt(1) attested for service A, then paused by the pauser. */
async function pausedFixture() {
  const base = await deployRegistryWithServices(ethers);
  await base.registry.connect(base.attesterA).attest(base.serviceA, walletAt(1), refKeyAt(1), base.expiresAt);
  await base.registry.connect(base.pauser).pause();
  return base;
}

/** Services 1..LAST_SERVICE span grant slots 0, 1 and 2 (128 services per slot). */
const LAST_SERVICE = 300n;

/** Many services and attesters whose grants sit in different grant slots, with one flag per grant. */
async function manyServicesFixture() {
  const base = await deployRegistryWithServices(ethers);
  const signers = await ethers.getSigners();
  const [attesterC, attesterD] = signers.slice(6, 8);
  if (!attesterC || !attesterD) throw new Error("the Hardhat network must expose at least eight signers");
  for (let created = 3n; created <= LAST_SERVICE; created++) await base.registry.createService([]);
  const grants: [Signer, bigint][] = [
    [base.attesterA, 130n],
    [base.attesterA, 260n],
    [base.attesterB, 129n],
    [attesterC, 256n],
    [attesterC, LAST_SERVICE],
    [attesterD, 127n],
    [attesterD, 128n],
  ];
  for (const [attester, serviceId] of grants)
    await base.registry.setAttester(serviceId, attester.address, true);
  const allGrants: [Signer, bigint][] = [[base.attesterA, 1n], [base.attesterB, 2n], ...grants];
  for (const [index, [attester, serviceId]] of allGrants.entries()) {
    await base.registry.connect(attester).attest(serviceId, walletAt(index), refKeyAt(index), base.expiresAt);
  }
  return { ...base, attesterC, allGrants };
}

/** Every write an attester can make, each expected to fail with KycRegistryPaused. */
async function expectEveryWritePaused(
  registry: Registry,
  attester: Signer,
  serviceId: bigint,
  expiresAt: bigint,
) {
  const writer = registry.connect(attester);
  const wallet = walletAt(1);
  const { entries, refKeys } = attestBatchArgs([wallet], expiresAt);
  await expect(writer.attest(serviceId, wallet, refKeyAt(1), expiresAt)).to.be.revertedWithCustomError(
    registry,
    "KycRegistryPaused",
  );
  await expect(writer.attestBatch(serviceId, entries, refKeys)).to.be.revertedWithCustomError(
    registry,
    "KycRegistryPaused",
  );
  await expect(
    writer.renewBatch(serviceId, [packWalletExpiry(wallet, expiresAt + 1n)]),
  ).to.be.revertedWithCustomError(registry, "KycRegistryPaused");
  await expect(writer.revokeBatch(serviceId, [wallet])).to.be.revertedWithCustomError(
    registry,
    "KycRegistryPaused",
  );
}

describe("KycRegistry pause", () => {
  it("lets only PAUSER_ROLE pause and unpause, emitting Paused and Unpaused", async () => {
    const { registry, admin, attesterA, outsider, pauser } = await networkHelpers.loadFixture(pausedFixture);
    const pauserRole = await registry.PAUSER_ROLE();
    expect(await registry.paused()).to.equal(true);
    for (const caller of [admin, attesterA, outsider]) {
      await expect(registry.connect(caller).unpause())
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, pauserRole);
    }
    await expect(registry.connect(pauser).unpause()).to.emit(registry, "Unpaused").withArgs(pauser.address);
    expect(await registry.paused()).to.equal(false);
    for (const caller of [admin, attesterA, outsider]) {
      await expect(registry.connect(caller).pause())
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, pauserRole);
    }
    await expect(registry.connect(pauser).pause()).to.emit(registry, "Paused").withArgs(pauser.address);
  });

  it("refuses to pause twice or unpause when not paused", async () => {
    const { registry, pauser } = await networkHelpers.loadFixture(pausedFixture);
    await expect(registry.connect(pauser).pause()).to.be.revertedWithCustomError(registry, "EnforcedPause");
    await registry.connect(pauser).unpause();
    await expect(registry.connect(pauser).unpause()).to.be.revertedWithCustomError(registry, "ExpectedPause");
  });

  it("blocks attest, attestBatch, renewBatch and revokeBatch for granted attesters", async () => {
    const { registry, attesterA, attesterB, serviceA, serviceB, expiresAt } =
      await networkHelpers.loadFixture(pausedFixture);
    expect(await registry.isAttester(serviceA, attesterA.address)).to.equal(true);
    await expectEveryWritePaused(registry, attesterA, serviceA, expiresAt);
    await expectEveryWritePaused(registry, attesterB, serviceB, expiresAt);
  });

  it("keeps every read working while paused", async () => {
    const { registry, serviceA, expiresAt } = await networkHelpers.loadFixture(pausedFixture);
    const wallet = walletAt(1);
    expect(await registry.isVerified(serviceA, wallet)).to.equal(true);
    expect(await registry.verifiedUntil(serviceA, wallet)).to.equal(expiresAt);
    expect(await registry.isIssuedFor(serviceA, wallet, refKeyAt(1))).to.equal(true);
    expect(await registry.verifiedUntilBatch(serviceA, [wallet, walletAt(2)])).to.deep.equal([expiresAt, 0n]);
    const [flagExpiry] = await registry.flagOf(serviceA, wallet);
    expect(flagExpiry).to.equal(expiresAt);
  });

  it("unpause restores every write", async () => {
    const { registry, attesterA, pauser, serviceA, expiresAt } =
      await networkHelpers.loadFixture(pausedFixture);
    await registry.connect(pauser).unpause();
    const writer = registry.connect(attesterA);
    const wallet = walletAt(2);
    const { entries, refKeys } = attestBatchArgs([walletAt(3)], expiresAt);
    await expect(writer.attest(serviceA, wallet, refKeyAt(2), expiresAt)).to.emit(registry, "Attested");
    await expect(writer.attestBatch(serviceA, entries, refKeys)).to.emit(registry, "Attested");
    await expect(writer.renewBatch(serviceA, [packWalletExpiry(wallet, expiresAt + 1n)])).to.emit(
      registry,
      "Renewed",
    );
    await expect(writer.revokeBatch(serviceA, [wallet])).to.emit(registry, "Revoked");
  });

  it("leaves attesters granted while paused paused, and lets them write after unpause", async () => {
    const { registry, outsider, pauser, serviceA, expiresAt } =
      await networkHelpers.loadFixture(pausedFixture);
    const newAttester = outsider;
    await registry.setAttester(serviceA, newAttester.address, true);
    await registry.createService([newAttester.address]);
    expect(await registry.isAttester(serviceA, newAttester.address)).to.equal(true);
    await expectEveryWritePaused(registry, newAttester, serviceA, expiresAt);
    await expectEveryWritePaused(registry, newAttester, 3n, expiresAt);

    await registry.connect(pauser).unpause();
    await expect(registry.connect(newAttester).attest(serviceA, walletAt(5), refKeyAt(5), expiresAt)).to.emit(
      registry,
      "Attested",
    );
    await expect(registry.connect(newAttester).attest(3n, walletAt(5), refKeyAt(5), expiresAt)).to.emit(
      registry,
      "Attested",
    );
  });

  it("keeps a grant removed while paused removed after unpause", async () => {
    const { registry, attesterA, pauser, serviceA, expiresAt } =
      await networkHelpers.loadFixture(pausedFixture);
    await registry.setAttester(serviceA, attesterA.address, false);
    await registry.connect(pauser).unpause();
    expect(await registry.isAttester(serviceA, attesterA.address)).to.equal(false);
    await expect(registry.connect(attesterA).attest(serviceA, walletAt(5), refKeyAt(5), expiresAt))
      .to.be.revertedWithCustomError(registry, "KycRegistryUnauthorizedAttester")
      .withArgs(serviceA, attesterA.address);
  });

  it("blocks and unblocks every attester in every grant slot when there are more than 128 services", async () => {
    const { registry, pauser, attesterC, allGrants, expiresAt } =
      await networkHelpers.loadFixture(manyServicesFixture);
    expect(await registry.serviceCount()).to.equal(LAST_SERVICE);
    await registry.connect(pauser).pause();
    for (const [attester, serviceId] of allGrants) {
      await expectEveryWritePaused(registry, attester, serviceId, expiresAt);
    }

    await registry.connect(pauser).unpause();
    for (const [index, [attester, serviceId]] of allGrants.entries()) {
      const wallet = walletAt(index);
      await expect(
        registry.connect(attester).renewBatch(serviceId, [packWalletExpiry(wallet, expiresAt + 1n)]),
      )
        .to.emit(registry, "Renewed")
        .withArgs(serviceId, wallet, expiresAt + 1n);
      expect(await registry.isAttester(serviceId, attester.address)).to.equal(true);
    }
    // The pause mirror must not have leaked grants into other services of the same slots.
    await expect(registry.connect(attesterC).attest(257n, walletAt(1), refKeyAt(1), expiresAt))
      .to.be.revertedWithCustomError(registry, "KycRegistryUnauthorizedAttester")
      .withArgs(257n, attesterC.address);
  });
});
