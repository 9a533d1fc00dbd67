import {
  FeeCapExceededError,
  initialFees,
  isStuck,
  replacementFees,
} from "../../../lambdas/domain/chain/fee-policy.js";
import {
  PAUSED_BACKOFF,
  TRANSIENT_BACKOFF,
  refusalHandlingOf,
  retryDelaySeconds,
} from "../../../lambdas/domain/chain/failure-policy.js";
import { assessInclusion, type Inclusion } from "../../../lambdas/domain/chain/inclusion.js";
import { planReconcile } from "../../../lambdas/domain/chain/reconcile-plan.js";
import { WALLET_A, WALLET_B } from "./intents.js";

const GWEI = 10n ** 9n;

describe("fee policy", () => {
  const policy = { bumpPercent: 15n, maxFeePerGasCap: 100n * GWEI };

  it("starts at twice the base fee plus the tip", () => {
    expect(initialFees({ baseFeePerGas: 10n * GWEI, priorityFeePerGas: 2n * GWEI }, policy)).toEqual({
      maxFeePerGas: 22n * GWEI,
      maxPriorityFeePerGas: 2n * GWEI,
    });
  });

  it("replaces with both fees at least 15% higher, or the market's ask when higher", () => {
    const previous = { maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
    const calm = replacementFees(
      previous,
      { baseFeePerGas: 1n * GWEI, priorityFeePerGas: 1n * GWEI },
      policy,
    );
    expect(calm).toEqual({ maxFeePerGas: 23n * GWEI, maxPriorityFeePerGas: 2_300_000_000n });
    const busy = replacementFees(
      previous,
      { baseFeePerGas: 30n * GWEI, priorityFeePerGas: 3n * GWEI },
      policy,
    );
    expect(busy).toEqual({ maxFeePerGas: 63n * GWEI, maxPriorityFeePerGas: 3n * GWEI });
  });

  it("refuses to go above the cap", () => {
    const previous = { maxFeePerGas: 90n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
    expect(() => replacementFees(previous, { baseFeePerGas: 1n, priorityFeePerGas: 1n }, policy)).toThrow(
      FeeCapExceededError,
    );
  });

  it("calls a transaction stuck after the configured wait", () => {
    expect(isStuck(1_000, 60_999, 60_000)).toBe(false);
    expect(isStuck(1_000, 61_000, 60_000)).toBe(true);
  });
});

describe("inclusion and reorg rules", () => {
  const mined: Inclusion = { hash: "0xaa", blockNumber: 10, blockHash: "0xb10", succeeded: true };
  const look = (overrides: Partial<Parameters<typeof assessInclusion>[0]>) =>
    assessInclusion({
      previous: null,
      current: mined,
      canonicalHashAtCurrent: "0xb10",
      headBlockNumber: 10,
      requiredConfirmations: 2,
      ...overrides,
    });

  it("counts confirmations from the inclusion block and reports the final outcome", () => {
    expect(look({ current: null })).toEqual({ state: "unmined" });
    expect(look({})).toEqual({ state: "confirming", inclusion: mined, confirmations: 1 });
    expect(look({ headBlockNumber: 11 })).toEqual({ state: "confirmed", inclusion: mined });
    const failed = { ...mined, succeeded: false };
    expect(look({ current: failed, headBlockNumber: 11 })).toEqual({ state: "reverted", inclusion: failed });
  });

  it("detects a receipt that disappeared, moved to another block, or sits in a non-canonical block", () => {
    expect(look({ previous: mined, current: null })).toEqual({
      state: "reorged",
      previous: mined,
      current: null,
    });
    const moved = { ...mined, blockNumber: 11, blockHash: "0xb11" };
    expect(
      look({ previous: mined, current: moved, canonicalHashAtCurrent: "0xb11", headBlockNumber: 12 }),
    ).toEqual({
      state: "reorged",
      previous: mined,
      current: moved,
    });
    expect(look({ canonicalHashAtCurrent: "0xother" })).toEqual({
      state: "reorged",
      previous: mined,
      current: null,
    });
  });
});

describe("refusals and backoff", () => {
  it("waits on a pause and fails anything else", () => {
    expect(refusalHandlingOf("KycRegistryPaused")).toBe("wait");
    expect(refusalHandlingOf("KycRegistryUnauthorizedAttester")).toBe("fail");
    expect(refusalHandlingOf(null)).toBe("fail");
  });

  it("backs off exponentially up to the cap; a pause tolerates hours within 50 receives", () => {
    expect([1, 2, 3, 10].map((n) => retryDelaySeconds(n, TRANSIENT_BACKOFF))).toEqual([2, 4, 8, 120]);
    const total = Array.from({ length: 50 }, (_, i) => retryDelaySeconds(i + 1, PAUSED_BACKOFF)).reduce(
      (a, b) => a + b,
    );
    expect(total).toBeGreaterThan(10 * 3600);
  });
});

describe("reconcile plan", () => {
  const now = 1_800_000_000;
  const desired = (wallet: string, expiresAt: number, refId = "r1") => ({
    clientId: "acme",
    refId,
    wallet,
    expiresAt,
    profileVersion: 3,
    approvedDate: "2026-01-01T00:00:00.000Z",
  });

  it("attests approved wallets missing or different on-chain and revokes flagged wallets nobody approved holds", () => {
    const plan = planReconcile({
      desired: [desired(WALLET_A, now + 10_000)],
      known: [{ clientId: "acme", refId: "r2", wallet: WALLET_B, profileVersion: 5 }],
      verifiedUntil: new Map([[WALLET_B.toLowerCase(), now + 500]]),
      nowSeconds: now,
      minRemainingSeconds: 60,
    });
    expect(plan.attest.map((f) => f.wallet)).toEqual([WALLET_A]);
    expect(plan.revoke.map((w) => w.wallet)).toEqual([WALLET_B]);
    expect(plan.checked).toBe(2);
  });

  it("leaves matching, expired and soon-expiring flags alone", () => {
    const plan = planReconcile({
      desired: [desired(WALLET_A, now + 10_000), desired(WALLET_B, now + 30, "r2")],
      known: [{ clientId: "acme", refId: "r9", wallet: "0x" + "9".repeat(40), profileVersion: 1 }],
      verifiedUntil: new Map([
        [WALLET_A.toLowerCase(), now + 10_000],
        ["0x" + "9".repeat(40), now - 1],
      ]),
      nowSeconds: now,
      minRemainingSeconds: 60,
    });
    expect(plan.attest).toEqual([]);
    expect(plan.revoke).toEqual([]);
  });
});
