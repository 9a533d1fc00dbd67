// Flag writes: attest, attestBatch, renewBatch, revokeBatch — effects, events, every refusal, and the
// isolation between services' attesters.
import { expect } from "chai";
import { ZeroAddress, dataSlice, toBeHex } from "ethers";
import { network } from "hardhat";
import { packWalletExpiry } from "../../scripts/lib/registry-codec.js";
import {
  FIXTURE_NOW,
  attestBatchArgs,
  deployRegistryWithServices,
  refKeyAt,
  walletAt,
  walletsFrom,
} from "./support/registry-fixture.js";

const { ethers, networkHelpers } = await network.create();

async function registryFixture() {
  return deployRegistryWithServices(ethers);
}

/** The fixture plus three wallets attested for service A (refKeys 0..2) and one for service B. */
async function attestedFixture() {
  const base = await deployRegistryWithServices(ethers);
  const attestedWallets = walletsFrom(0, 3);
  const { entries, refKeys } = attestBatchArgs(attestedWallets, base.expiresAt);
  await base.registry.connect(base.attesterA).attestBatch(base.serviceA, entries, refKeys);
  await base.registry
    .connect(base.attesterB)
    .attest(base.serviceB, walletAt(0), refKeyAt(100), base.expiresAt);
  return { ...base, attestedWallets };
}

/** The 24-byte prefix of a refKey, as `flagOf` returns it. */
function prefixOf(refKey: string): string {
  return dataSlice(refKey, 0, 24);
}

/** `entry` with one of the 32 padding bits between the wallet and the expiry set. */
function withPaddingBit(entry: string, bit: number): string {
  return toBeHex(BigInt(entry) | (1n << BigInt(160 + bit)), 32);
}

describe("KycRegistry writes", () => {
  describe("attest", () => {
    it("stores the expiry and the refKey prefix and emits Attested with the full refKey", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      const wallet = walletAt(1);
      const refKey = refKeyAt(1);
      await expect(registry.connect(attesterA).attest(serviceA, wallet, refKey, expiresAt))
        .to.emit(registry, "Attested")
        .withArgs(serviceA, wallet, refKey, expiresAt);
      expect(await registry.flagOf(serviceA, wallet)).to.deep.equal([expiresAt, prefixOf(refKey)]);
      expect(await registry.verifiedUntil(serviceA, wallet)).to.equal(expiresAt);
      expect(await registry.isVerified(serviceA, wallet)).to.equal(true);
      expect(await registry.isIssuedFor(serviceA, wallet, refKey)).to.equal(true);
    });

    it("replaces an earlier flag, refKey included", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(attestedFixture);
      const wallet = walletAt(0);
      await registry.connect(attesterA).attest(serviceA, wallet, refKeyAt(50), expiresAt + 10n);
      expect(await registry.flagOf(serviceA, wallet)).to.deep.equal([
        expiresAt + 10n,
        prefixOf(refKeyAt(50)),
      ]);
      expect(await registry.isIssuedFor(serviceA, wallet, refKeyAt(0))).to.equal(false);
      expect(await registry.isIssuedFor(serviceA, wallet, refKeyAt(50))).to.equal(true);
    });

    it("refuses the zero wallet", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      await expect(
        registry.connect(attesterA).attest(serviceA, ZeroAddress, refKeyAt(1), expiresAt),
      ).to.be.revertedWithCustomError(registry, "KycRegistryZeroAddress");
    });

    it("refuses an expiry at or before the current time", async () => {
      const { registry, attesterA, serviceA } = await networkHelpers.loadFixture(registryFixture);
      const wallet = walletAt(1);
      for (const expiresAt of [FIXTURE_NOW, FIXTURE_NOW - 1n, 0n]) {
        await expect(registry.connect(attesterA).attest(serviceA, wallet, refKeyAt(1), expiresAt))
          .to.be.revertedWithCustomError(registry, "KycRegistryExpiryInPast")
          .withArgs(wallet, expiresAt);
      }
      await expect(
        registry.connect(attesterA).attest(serviceA, wallet, refKeyAt(1), FIXTURE_NOW + 1n),
      ).to.emit(registry, "Attested");
    });

    it("refuses a service that was never created", async () => {
      const { registry, attesterA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      for (const unknownService of [0n, 3n, 129n]) {
        await expect(registry.connect(attesterA).attest(unknownService, walletAt(1), refKeyAt(1), expiresAt))
          .to.be.revertedWithCustomError(registry, "KycRegistryUnknownService")
          .withArgs(unknownService);
      }
    });

    it("refuses accounts that are not attesters of the service, the admin and the other service's attester included", async () => {
      const { registry, admin, attesterB, pauser, outsider, serviceA, expiresAt } =
        await networkHelpers.loadFixture(registryFixture);
      for (const caller of [admin, attesterB, pauser, outsider]) {
        await expect(registry.connect(caller).attest(serviceA, walletAt(1), refKeyAt(1), expiresAt))
          .to.be.revertedWithCustomError(registry, "KycRegistryUnauthorizedAttester")
          .withArgs(serviceA, caller.address);
      }
    });

    it("stops accepting an attester once its grant is removed", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      await registry.setAttester(serviceA, attesterA.address, false);
      await expect(registry.connect(attesterA).attest(serviceA, walletAt(1), refKeyAt(1), expiresAt))
        .to.be.revertedWithCustomError(registry, "KycRegistryUnauthorizedAttester")
        .withArgs(serviceA, attesterA.address);
    });
  });

  describe("attestBatch", () => {
    it("stores every packed entry and emits Attested per wallet", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      const wallets = walletsFrom(10, 5);
      const { entries, refKeys } = attestBatchArgs(wallets, expiresAt, 10);
      const batch = registry.connect(attesterA).attestBatch(serviceA, entries, refKeys);
      for (const [index, wallet] of wallets.entries()) {
        await expect(batch)
          .to.emit(registry, "Attested")
          .withArgs(serviceA, wallet, refKeyAt(10 + index), expiresAt);
      }
      const expiries = await registry.verifiedUntilBatch(serviceA, wallets);
      expect(expiries).to.deep.equal(wallets.map(() => expiresAt));
      for (const [index, wallet] of wallets.entries()) {
        expect(await registry.flagOf(serviceA, wallet)).to.deep.equal([
          expiresAt,
          prefixOf(refKeyAt(10 + index)),
        ]);
      }
    });

    it("gives each wallet its own expiry, and the last entry wins for a repeated wallet", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      const [first, second] = walletsFrom(20, 2) as [string, string];
      const entries = [
        packWalletExpiry(first, expiresAt),
        packWalletExpiry(second, expiresAt + 1n),
        packWalletExpiry(first, expiresAt + 2n),
      ];
      await registry
        .connect(attesterA)
        .attestBatch(serviceA, entries, [refKeyAt(1), refKeyAt(2), refKeyAt(3)]);
      expect(await registry.flagOf(serviceA, first)).to.deep.equal([expiresAt + 2n, prefixOf(refKeyAt(3))]);
      expect(await registry.flagOf(serviceA, second)).to.deep.equal([expiresAt + 1n, prefixOf(refKeyAt(2))]);
    });

    it("refuses an empty batch", async () => {
      const { registry, attesterA, serviceA } = await networkHelpers.loadFixture(registryFixture);
      await expect(registry.connect(attesterA).attestBatch(serviceA, [], [])).to.be.revertedWithCustomError(
        registry,
        "KycRegistryEmptyBatch",
      );
    });

    it("refuses arrays of different lengths", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      const { entries, refKeys } = attestBatchArgs(walletsFrom(0, 3), expiresAt);
      await expect(registry.connect(attesterA).attestBatch(serviceA, entries, refKeys.slice(0, 2)))
        .to.be.revertedWithCustomError(registry, "KycRegistryLengthMismatch")
        .withArgs(3n, 2n);
      await expect(registry.connect(attesterA).attestBatch(serviceA, entries.slice(0, 1), refKeys))
        .to.be.revertedWithCustomError(registry, "KycRegistryLengthMismatch")
        .withArgs(1n, 3n);
    });

    it("refuses the whole batch when one entry names the zero wallet", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      const wallets = [walletAt(1), ZeroAddress, walletAt(2)];
      const { entries, refKeys } = attestBatchArgs(wallets, expiresAt);
      await expect(
        registry.connect(attesterA).attestBatch(serviceA, entries, refKeys),
      ).to.be.revertedWithCustomError(registry, "KycRegistryZeroAddress");
      expect(await registry.verifiedUntil(serviceA, walletAt(1))).to.equal(0n);
    });

    it("refuses an entry whose expiry is not after the current time", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      const stale = walletAt(2);
      const entries = [packWalletExpiry(walletAt(1), expiresAt), packWalletExpiry(stale, FIXTURE_NOW)];
      await expect(registry.connect(attesterA).attestBatch(serviceA, entries, [refKeyAt(1), refKeyAt(2)]))
        .to.be.revertedWithCustomError(registry, "KycRegistryExpiryInPast")
        .withArgs(stale, FIXTURE_NOW);
    });

    it("refuses a packed entry with any padding bit set", async () => {
      const { registry, attesterA, serviceA, expiresAt } = await networkHelpers.loadFixture(registryFixture);
      const valid = packWalletExpiry(walletAt(1), expiresAt);
      for (const bit of [0, 17, 31]) {
        const malformed = withPaddingBit(valid, bit);
        await expect(
          registry.connect(attesterA).attestBatch(serviceA, [valid, malformed], [refKeyAt(1), refKeyAt(2)]),
        )
          .to.be.revertedWithCustomError(registry, "KycRegistryMalformedEntry")
          .withArgs(malformed);
      }
    });

    it("refuses an unknown service and non-attesters, the other service's attester included", async () => {
      const { registry, attesterA, attesterB, outsider, serviceA, expiresAt } =
        await networkHelpers.loadFixture(registryFixture);
      const { entries, refKeys } = attestBatchArgs([walletAt(1)], expiresAt);
      await expect(registry.connect(attesterA).attestBatch(7n, entries, refKeys))
        .to.be.revertedWithCustomError(registry, "KycRegistryUnknownService")
        .withArgs(7n);
      for (const caller of [attesterB, outsider]) {
        await expect(registry.connect(caller).attestBatch(serviceA, entries, refKeys))
          .to.be.revertedWithCustomError(registry, "KycRegistryUnauthorizedAttester")
          .withArgs(serviceA, caller.address);
      }
    });
  });

  describe("renewBatch", () => {
    it("moves the expiry, keeps the refKey and emits Renewed", async () => {
      const { registry, attesterA, serviceA, expiresAt, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      const [wallet] = attestedWallets as [string];
      const renewedUntil = expiresAt + 1000n;
      await expect(registry.connect(attesterA).renewBatch(serviceA, [packWalletExpiry(wallet, renewedUntil)]))
        .to.emit(registry, "Renewed")
        .withArgs(serviceA, wallet, renewedUntil)
        .and.not.to.emit(registry, "Attested");
      expect(await registry.flagOf(serviceA, wallet)).to.deep.equal([renewedUntil, prefixOf(refKeyAt(0))]);
      expect(await registry.isIssuedFor(serviceA, wallet, refKeyAt(0))).to.equal(true);
    });

    it("may shorten an expiry and renews several wallets at once", async () => {
      const { registry, attesterA, serviceA, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      const shorter = FIXTURE_NOW + 60n;
      await registry.connect(attesterA).renewBatch(
        serviceA,
        attestedWallets.map((wallet) => packWalletExpiry(wallet, shorter)),
      );
      expect(await registry.verifiedUntilBatch(serviceA, attestedWallets)).to.deep.equal(
        attestedWallets.map(() => shorter),
      );
      for (const [index, wallet] of attestedWallets.entries()) {
        expect(await registry.isIssuedFor(serviceA, wallet, refKeyAt(index))).to.equal(true);
      }
    });

    it("revives an expired flag for the same refKey", async () => {
      const { registry, attesterA, serviceA, expiresAt, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      const [wallet] = attestedWallets as [string];
      await registry.setTime(expiresAt + 5n);
      expect(await registry.isVerified(serviceA, wallet)).to.equal(false);
      await registry.connect(attesterA).renewBatch(serviceA, [packWalletExpiry(wallet, expiresAt + 100n)]);
      expect(await registry.isVerified(serviceA, wallet)).to.equal(true);
      expect(await registry.isIssuedFor(serviceA, wallet, refKeyAt(0))).to.equal(true);
    });

    it("refuses a wallet with no flag: never attested, revoked, zero, or flagged only in another service", async () => {
      const { registry, attesterA, attesterB, serviceA, serviceB, expiresAt, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      const [, revoked, flaggedInAOnly] = attestedWallets as [string, string, string];
      await registry.connect(attesterA).revokeBatch(serviceA, [revoked]);
      for (const wallet of [walletAt(999), revoked, ZeroAddress]) {
        await expect(registry.connect(attesterA).renewBatch(serviceA, [packWalletExpiry(wallet, expiresAt)]))
          .to.be.revertedWithCustomError(registry, "KycRegistryNotAttested")
          .withArgs(serviceA, wallet);
      }
      await expect(
        registry.connect(attesterB).renewBatch(serviceB, [packWalletExpiry(flaggedInAOnly, expiresAt)]),
      )
        .to.be.revertedWithCustomError(registry, "KycRegistryNotAttested")
        .withArgs(serviceB, flaggedInAOnly);
    });

    it("refuses an empty batch, a past expiry and a malformed entry", async () => {
      const { registry, attesterA, serviceA, expiresAt, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      const [wallet] = attestedWallets as [string];
      await expect(registry.connect(attesterA).renewBatch(serviceA, [])).to.be.revertedWithCustomError(
        registry,
        "KycRegistryEmptyBatch",
      );
      await expect(registry.connect(attesterA).renewBatch(serviceA, [packWalletExpiry(wallet, FIXTURE_NOW)]))
        .to.be.revertedWithCustomError(registry, "KycRegistryExpiryInPast")
        .withArgs(wallet, FIXTURE_NOW);
      const malformed = withPaddingBit(packWalletExpiry(wallet, expiresAt), 5);
      await expect(registry.connect(attesterA).renewBatch(serviceA, [malformed]))
        .to.be.revertedWithCustomError(registry, "KycRegistryMalformedEntry")
        .withArgs(malformed);
      expect(await registry.verifiedUntil(serviceA, wallet)).to.equal(expiresAt);
    });

    it("refuses an unknown service and non-attesters, the other service's attester included", async () => {
      const { registry, attesterA, attesterB, outsider, serviceA, expiresAt, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      const entries = [packWalletExpiry(attestedWallets[0] as string, expiresAt + 1n)];
      await expect(registry.connect(attesterA).renewBatch(9n, entries))
        .to.be.revertedWithCustomError(registry, "KycRegistryUnknownService")
        .withArgs(9n);
      for (const caller of [attesterB, outsider]) {
        await expect(registry.connect(caller).renewBatch(serviceA, entries))
          .to.be.revertedWithCustomError(registry, "KycRegistryUnauthorizedAttester")
          .withArgs(serviceA, caller.address);
      }
    });
  });

  describe("revokeBatch", () => {
    it("removes flags and emits Revoked only for wallets that had one", async () => {
      const { registry, attesterA, serviceA, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      const [first, second, kept] = attestedWallets as [string, string, string];
      const neverFlagged = walletAt(500);
      const revocation = registry.connect(attesterA).revokeBatch(serviceA, [first, neverFlagged, second]);
      await expect(revocation).to.emit(registry, "Revoked").withArgs(serviceA, first);
      await expect(revocation).to.emit(registry, "Revoked").withArgs(serviceA, second);
      const receipt = await (await revocation).wait();
      expect(receipt?.logs).to.have.length(2);

      for (const wallet of [first, second]) {
        expect(await registry.isVerified(serviceA, wallet)).to.equal(false);
        expect(await registry.verifiedUntil(serviceA, wallet)).to.equal(0n);
        expect(await registry.flagOf(serviceA, wallet)).to.deep.equal([0n, prefixOf(ethers.ZeroHash)]);
      }
      expect(await registry.isVerified(serviceA, kept)).to.equal(true);
    });

    it("is idempotent: revoking again succeeds and emits nothing", async () => {
      const { registry, attesterA, serviceA, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      await registry.connect(attesterA).revokeBatch(serviceA, attestedWallets);
      await expect(registry.connect(attesterA).revokeBatch(serviceA, attestedWallets)).not.to.emit(
        registry,
        "Revoked",
      );
      expect(await registry.verifiedUntilBatch(serviceA, attestedWallets)).to.deep.equal([0n, 0n, 0n]);
    });

    it("revokes an expired flag too", async () => {
      const { registry, attesterA, serviceA, expiresAt, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      const [wallet] = attestedWallets as [string];
      await registry.setTime(expiresAt + 1n);
      await expect(registry.connect(attesterA).revokeBatch(serviceA, [wallet]))
        .to.emit(registry, "Revoked")
        .withArgs(serviceA, wallet);
      expect(await registry.verifiedUntil(serviceA, wallet)).to.equal(0n);
    });

    it("leaves the same wallet's flag in another service untouched", async () => {
      const { registry, attesterA, serviceA, serviceB, expiresAt } =
        await networkHelpers.loadFixture(attestedFixture);
      await registry.connect(attesterA).revokeBatch(serviceA, [walletAt(0)]);
      expect(await registry.isVerified(serviceA, walletAt(0))).to.equal(false);
      expect(await registry.isVerified(serviceB, walletAt(0))).to.equal(true);
      expect(await registry.flagOf(serviceB, walletAt(0))).to.deep.equal([
        expiresAt,
        prefixOf(refKeyAt(100)),
      ]);
    });

    it("refuses an empty batch, an unknown service and non-attesters, the other service's attester included", async () => {
      const { registry, attesterA, attesterB, outsider, serviceA, attestedWallets } =
        await networkHelpers.loadFixture(attestedFixture);
      await expect(registry.connect(attesterA).revokeBatch(serviceA, [])).to.be.revertedWithCustomError(
        registry,
        "KycRegistryEmptyBatch",
      );
      await expect(registry.connect(attesterA).revokeBatch(0n, attestedWallets))
        .to.be.revertedWithCustomError(registry, "KycRegistryUnknownService")
        .withArgs(0n);
      for (const caller of [attesterB, outsider]) {
        await expect(registry.connect(caller).revokeBatch(serviceA, attestedWallets))
          .to.be.revertedWithCustomError(registry, "KycRegistryUnauthorizedAttester")
          .withArgs(serviceA, caller.address);
      }
      expect(await registry.isVerified(serviceA, attestedWallets[0] as string)).to.equal(true);
    });
  });

  describe("service isolation", () => {
    it("keeps one wallet's flags in two services independent", async () => {
      const { registry, attesterA, attesterB, serviceA, serviceB, expiresAt } =
        await networkHelpers.loadFixture(registryFixture);
      const wallet = walletAt(7);
      await registry.connect(attesterA).attest(serviceA, wallet, refKeyAt(1), expiresAt);
      expect(await registry.isVerified(serviceB, wallet)).to.equal(false);
      await registry.connect(attesterB).attest(serviceB, wallet, refKeyAt(2), expiresAt + 5n);
      expect(await registry.flagOf(serviceA, wallet)).to.deep.equal([expiresAt, prefixOf(refKeyAt(1))]);
      expect(await registry.flagOf(serviceB, wallet)).to.deep.equal([expiresAt + 5n, prefixOf(refKeyAt(2))]);
      expect(await registry.isIssuedFor(serviceA, wallet, refKeyAt(2))).to.equal(false);
    });

    it("lets an attester granted two services write both, and only those", async () => {
      const { registry, attesterA, serviceA, serviceB, expiresAt } =
        await networkHelpers.loadFixture(registryFixture);
      await registry.setAttester(serviceB, attesterA.address, true);
      await registry.connect(attesterA).attest(serviceA, walletAt(1), refKeyAt(1), expiresAt);
      await registry.connect(attesterA).attest(serviceB, walletAt(1), refKeyAt(1), expiresAt);
      expect(await registry.isVerified(serviceB, walletAt(1))).to.equal(true);
      await registry.createService([]);
      await expect(registry.connect(attesterA).attest(3n, walletAt(1), refKeyAt(1), expiresAt))
        .to.be.revertedWithCustomError(registry, "KycRegistryUnauthorizedAttester")
        .withArgs(3n, attesterA.address);
    });
  });
});
