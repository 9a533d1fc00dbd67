// The pause mirror lives in every non-empty grant slot, so the registry caps those slots: the emergency pause
// (and unpause) must always fit in one transaction under the EIP-7825 cap, however the registry was used.
import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";
import type {} from "../../types/ethers-contracts/hardhat.js";

const { ethers, networkHelpers } = await network.create();
const EIP_7825_TX_GAS_CAP = 1n << 24n;
const ATTESTERS_PER_TX = 250;

async function fullRegistryFixture() {
  const [admin, pauser] = await ethers.getSigners();
  if (!admin || !pauser) throw new Error("the Hardhat network must expose two signers");
  const registry = await ethers.deployContract("KycRegistry", [0, admin.address]);
  await registry.grantRole(await registry.PAUSER_ROLE(), pauser.address);
  const maxSlots = Number(await registry.MAX_GRANT_SLOTS());
  // One attester per grant slot: the most expensive shape for pause (one slot per attester).
  const attesters: string[] = [];
  for (let created = 0; created < maxSlots; created += ATTESTERS_PER_TX) {
    const batch = Array.from(
      { length: Math.min(ATTESTERS_PER_TX, maxSlots - created) },
      () => Wallet.createRandom().address,
    );
    await registry.createService(batch);
    attesters.push(...batch);
  }
  return { registry, admin, pauser, attesters, maxSlots };
}

describe("KycRegistry grant capacity", () => {
  it("counts one grant slot per (attester, 128-service page) and frees it when the last grant goes", async () => {
    const [admin, attester] = await ethers.getSigners();
    const registry = await ethers.deployContract("KycRegistry", [0, admin!.address]);
    await registry.createService([attester!.address]); // service 1, page 0
    await registry.createService([attester!.address]); // service 2, page 0 again
    expect(await registry.grantSlotCount()).to.equal(1n);
    for (let service = 3; service <= 128; service++) await registry.createService([]);
    await registry.setAttester(128n, attester!.address, true); // page 1
    expect(await registry.grantSlotCount()).to.equal(2n);
    await registry.setAttester(1n, attester!.address, false);
    expect(await registry.grantSlotCount()).to.equal(2n);
    await registry.setAttester(2n, attester!.address, false);
    expect(await registry.grantSlotCount()).to.equal(1n);
  });

  it("refuses a grant beyond MAX_GRANT_SLOTS and accepts one again after a slot is freed", async function () {
    this.timeout(120_000);
    const { registry, attesters, maxSlots } = await networkHelpers.loadFixture(fullRegistryFixture);
    expect(await registry.grantSlotCount()).to.equal(BigInt(maxSlots));
    const newcomer = Wallet.createRandom().address;
    await expect(registry.setAttester(1n, newcomer, true))
      .to.be.revertedWithCustomError(registry, "KycRegistryGrantCapacityReached")
      .withArgs(maxSlots);
    // Another grant inside an existing slot costs no new slot.
    await expect(registry.setAttester(2n, attesters[0]!, true)).to.emit(registry, "AttesterChanged");
    await registry.setAttester(1n, attesters[1]!, false);
    await expect(registry.setAttester(1n, newcomer, true)).to.emit(registry, "AttesterChanged");
  });

  it("pauses and unpauses a full registry within one transaction under the 2^24 gas cap", async function () {
    this.timeout(120_000);
    const { registry, pauser, attesters } = await networkHelpers.loadFixture(fullRegistryFixture);
    const pauseReceipt = await (await registry.connect(pauser).pause()).wait();
    expect(pauseReceipt!.gasUsed).to.be.lessThan(EIP_7825_TX_GAS_CAP);
    expect(await registry.paused()).to.equal(true);
    // Grants survive the mirror update: the last attester still holds its own service only.
    const lastService = await registry.serviceCount();
    expect(await registry.isAttester(lastService, attesters.at(-1)!)).to.equal(true);
    expect(await registry.isAttester(1n, attesters.at(-1)!)).to.equal(false);
    const unpauseReceipt = await (await registry.connect(pauser).unpause()).wait();
    expect(unpauseReceipt!.gasUsed).to.be.lessThan(EIP_7825_TX_GAS_CAP);
  });

  it("reports IKycRegistry through ERC-165", async () => {
    const [admin] = await ethers.getSigners();
    const registry = await ethers.deployContract("KycRegistry", [0, admin!.address]);
    const iface = new ethers.Interface([
      "function isVerified(uint256,address) view returns (bool)",
      "function verifiedUntil(uint256,address) view returns (uint64)",
      "function isIssuedFor(uint256,address,bytes32) view returns (bool)",
    ]);
    let interfaceId = 0n;
    iface.forEachFunction((fragment) => (interfaceId ^= BigInt(fragment.selector)));
    expect(await registry.supportsInterface(ethers.toBeHex(interfaceId, 4))).to.equal(true);
    expect(await registry.supportsInterface("0xffffffff")).to.equal(false);
  });
});
