import { describe, expect, it } from "@jest/globals";
import { gapWarningDue, nonceGapOf, planResync } from "../../../lambdas/domain/chain/nonce-gap.js";
import { isApplicable, isCarried } from "../../../lambdas/domain/chain/staleness.js";
import type { ChainIntent } from "../../../lambdas/domain/chain/intent.js";

const repair = (profileVersion: number, decidedAt: string): ChainIntent => ({
  id: "r",
  intent: "attest",
  clientId: "acme",
  refId: "u1",
  wallet: "0x0000000000000000000000000000000000000001",
  at: "2026-01-01T00:00:00Z",
  profileVersion,
  source: "repair",
  decidedAt,
});

describe("nonce gap", () => {
  it("is a chain count below the oldest pending nonce, or below the next one with nothing pending", () => {
    expect(nonceGapOf({ chainNonce: 0, lowestPendingNonce: 5, storedNextNonce: 25 })).toEqual({
      chainNonce: 0,
      expectedNonce: 5,
    });
    expect(nonceGapOf({ chainNonce: 5, lowestPendingNonce: 5, storedNextNonce: 25 })).toBeNull();
    expect(nonceGapOf({ chainNonce: 3, lowestPendingNonce: null, storedNextNonce: 4 })).toEqual({
      chainNonce: 3,
      expectedNonce: 4,
    });
    expect(nonceGapOf({ chainNonce: 0, lowestPendingNonce: null, storedNextNonce: null })).toBeNull();
  });

  it("is logged once a minute", () => {
    const now = Date.parse("2026-01-01T00:01:00Z");
    expect(gapWarningDue(null, now)).toBe(true);
    expect(gapWarningDue("2026-01-01T00:00:30Z", now)).toBe(false);
    expect(gapWarningDue("2026-01-01T00:00:00Z", now)).toBe(true);
  });

  it("resync voids every nonce from the chain's count to the stored next one, and refuses without a gap", () => {
    expect(planResync({ chainNonce: 0, storedNextNonce: 25, pendingNonces: [5, 6, 24] })).toEqual({
      fromNonce: 25,
      toNonce: 0,
      voidNonces: Array.from({ length: 25 }, (_, i) => i),
    });
    expect(planResync({ chainNonce: 5, storedNextNonce: 25, pendingNonces: [5, 6] })).toBeNull();
    expect(planResync({ chainNonce: 25, storedNextNonce: 25, pendingNonces: [] })).toBeNull();
  });
});

describe("repairs never attest twice", () => {
  it("re-apply the recorded version only when it was confirmed before the repair was decided", () => {
    const decided = "2026-01-01T00:00:10Z";
    expect(isApplicable(repair(4, decided), { profileVersion: 4, confirmedAt: "2026-01-01T00:00:05Z" })).toBe(
      true,
    );
    expect(isApplicable(repair(4, decided), { profileVersion: 4, confirmedAt: "2026-01-01T00:00:15Z" })).toBe(
      false,
    );
    expect(isApplicable(repair(5, decided), { profileVersion: 4, confirmedAt: "2026-01-01T00:00:15Z" })).toBe(
      true,
    );
  });

  it("skip a version a pending transaction carries", () => {
    expect(isCarried(repair(4, "2026-01-01T00:00:10Z"), 4)).toBe(true);
    expect(isCarried(repair(5, "2026-01-01T00:00:10Z"), 4)).toBe(false);
    expect(isCarried(repair(4, "2026-01-01T00:00:10Z"), undefined)).toBe(false);
  });
});
