import { halve, planBatches } from "../../../lambdas/domain/chain/batch-plan.js";
import { attestationExpiry, epochSecondsOf } from "../../../lambdas/domain/chain/expiry.js";
import {
  DEFAULT_MAX_WALLETS_PER_TX,
  TX_GAS_CAP,
  fitsUnderGasCap,
  gasLimitFor,
} from "../../../lambdas/domain/chain/gas-budget.js";
import { resolveWalletAction, type WalletAction } from "../../../lambdas/domain/chain/wallet-action.js";
import { WALLET_A, anIntent } from "./intents.js";

const NOW = epochSecondsOf("2026-01-10T12:00:00.000Z");
const options = { validityDays: 365, nowSeconds: NOW, minRemainingSeconds: 3600 };

describe("wallet action resolution", () => {
  it("attests with expiry = decision time + the service's validity", () => {
    const intent = anIntent({ intent: "attest", at: "2026-01-10T10:00:00.000Z" });
    expect(resolveWalletAction(intent, [intent], [], options)).toMatchObject({
      kind: "attest",
      refId: "user-1",
      expiresAt: epochSecondsOf("2027-01-10T10:00:00.000Z"),
    });
  });

  it("revokes when no other approved profile of the service holds the wallet", () => {
    const intent = anIntent({ intent: "revoke" });
    const holders = [{ refId: "user-1", status: "blocked" as const, approvedDate: null }];
    expect(resolveWalletAction(intent, [intent], holders, options).kind).toBe("revoke");
  });

  it("re-attests for the earliest approved holder instead of revoking a shared wallet (duplicate blocked)", () => {
    const intent = anIntent({ intent: "revoke", refId: "duplicate" });
    const holders = [
      { refId: "duplicate", status: "blocked" as const, approvedDate: "2026-01-10T11:00:00.000Z" },
      { refId: "later", status: "approved" as const, approvedDate: "2026-01-09T00:00:00.000Z" },
      { refId: "original", status: "approved" as const, approvedDate: "2026-01-05T00:00:00.000Z" },
    ];
    expect(resolveWalletAction(intent, [intent], holders, options)).toMatchObject({
      kind: "attest",
      refId: "original",
      expiresAt: attestationExpiry("2026-01-05T00:00:00.000Z", 365),
      intents: [intent],
    });
  });

  it("turns an attestation whose validity has run out into a revoke (the registry would refuse it)", () => {
    const intent = anIntent({ intent: "attest", at: "2025-01-10T11:30:00.000Z" });
    expect(resolveWalletAction(intent, [intent], [], options).kind).toBe("revoke");
  });
});

describe("batch planning", () => {
  const attest = (clientId: string, index: number): WalletAction => ({
    kind: "attest",
    clientId,
    wallet: `0x${index.toString(16).padStart(40, "0")}`,
    refId: `r${index}`,
    expiresAt: NOW + 1000,
    intents: [],
  });
  const revoke = (clientId: string, index: number): WalletAction => ({
    kind: "revoke",
    clientId,
    wallet: WALLET_A,
    intents: [anIntent({ refId: `r${index}` })],
  });

  it("groups per service and kind and bounds each transaction's wallets", () => {
    const actions = [
      ...Array.from({ length: 950 }, (_, i) => attest("acme", i)),
      revoke("acme", 1),
      attest("other", 1),
    ];
    const batches = planBatches(actions, 400);
    expect(batches.map((b) => [b.clientId, b.kind, b.actions.length])).toEqual([
      ["acme", "attest", 400],
      ["acme", "attest", 400],
      ["acme", "attest", 150],
      ["acme", "revoke", 1],
      ["other", "attest", 1],
    ]);
    expect(batches.flatMap((b): WalletAction[] => b.actions)).toHaveLength(actions.length);
  });

  it("refuses a non-positive bound and halves a batch without losing wallets", () => {
    expect(() => planBatches([], 0)).toThrow(RangeError);
    const [batch] = planBatches(
      Array.from({ length: 5 }, (_, i) => attest("acme", i)),
      10,
    );
    const [first, second] = halve(batch!);
    expect([first.actions.length, second.actions.length]).toEqual([3, 2]);
  });

  it("the default bound keeps a new-wallet batch well under the 2^24 gas cap", () => {
    // 25.8k gas per new wallet (npm run bench:gas) plus the transaction's fixed cost.
    const estimate = BigInt(DEFAULT_MAX_WALLETS_PER_TX) * 25_800n + 60_000n;
    expect(fitsUnderGasCap(estimate)).toBe(true);
    expect(fitsUnderGasCap((TX_GAS_CAP * 81n) / 100n)).toBe(false);
    expect(gasLimitFor(1_000_000n)).toBe(1_200_000n);
    expect(gasLimitFor(TX_GAS_CAP)).toBe(TX_GAS_CAP);
  });
});
