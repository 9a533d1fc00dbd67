import fc from "fast-check";
import { coalesceByWallet } from "../../../lambdas/domain/chain/coalesce.js";
import { flagKeyOf, type ChainIntent } from "../../../lambdas/domain/chain/intent.js";
import { isApplicable } from "../../../lambdas/domain/chain/staleness.js";
import { WALLET_A, WALLET_B, anIntent } from "./intents.js";

describe("per-wallet coalescing", () => {
  it("an approve then a block of the same profile in one batch sends only the revoke", () => {
    const approve = anIntent({ intent: "attest", profileVersion: 3, at: "2026-01-10T10:00:00.000Z" });
    const block = anIntent({ intent: "revoke", profileVersion: 4, at: "2026-01-10T10:00:01.000Z" });
    const [only, ...rest] = coalesceByWallet([approve, block]);
    expect(rest).toHaveLength(0);
    expect(only?.winner).toBe(block);
    expect(only?.superseded).toEqual([approve]);
  });

  it("approve, block, approve ends with the last approval", () => {
    const intents = [
      anIntent({ intent: "attest", profileVersion: 3 }),
      anIntent({ intent: "revoke", profileVersion: 4 }),
      anIntent({ intent: "attest", profileVersion: 6 }),
    ];
    expect(coalesceByWallet(intents).map((entry) => entry.winner)).toEqual([intents[2]]);
  });

  it("a late duplicate of an older version of the same profile does not undo a newer one", () => {
    const block = anIntent({ intent: "revoke", profileVersion: 4 });
    const oldApprove = anIntent({ intent: "attest", profileVersion: 3 });
    expect(coalesceByWallet([block, oldApprove])[0]?.winner).toBe(block);
  });

  it("keeps wallets apart, compares them case-insensitively and per service", () => {
    const intents = [
      anIntent({ wallet: WALLET_A }),
      anIntent({ wallet: WALLET_B }),
      anIntent({ wallet: WALLET_A.toLowerCase(), intent: "revoke", profileVersion: 4 }),
      anIntent({ wallet: WALLET_A, clientId: "other" }),
    ];
    const result = coalesceByWallet(intents);
    expect(result.map((entry) => entry.winner)).toEqual([intents[2], intents[1], intents[3]]);
  });

  it("property: one entry per wallet, nothing lost, the winner is its profile's newest and the latest decision", () => {
    const intentArbitrary = fc.record({
      intent: fc.constantFrom("attest" as const, "revoke" as const),
      refId: fc.constantFrom("r1", "r2"),
      wallet: fc.constantFrom(WALLET_A, WALLET_B),
      profileVersion: fc.integer({ min: 1, max: 20 }),
      second: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(fc.array(intentArbitrary, { maxLength: 30 }), (drafts) => {
        const intents: ChainIntent[] = drafts.map((draft) =>
          anIntent({
            intent: draft.intent,
            refId: draft.refId,
            wallet: draft.wallet,
            profileVersion: draft.profileVersion,
            at: `2026-01-10T10:00:${String(draft.second).padStart(2, "0")}.000Z`,
          }),
        );
        const result = coalesceByWallet(intents);
        const keys = result.map((entry) => flagKeyOf(entry.winner.clientId, entry.winner.wallet));
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(new Set(intents.map((i) => flagKeyOf(i.clientId, i.wallet))));
        const counted = result.reduce((sum, entry) => sum + 1 + entry.superseded.length, 0);
        expect(counted).toBe(intents.length);
        for (const { winner, superseded } of result) {
          const newestOf = (refId: string) =>
            Math.max(
              ...[winner, ...superseded].filter((i) => i.refId === refId).map((i) => i.profileVersion),
            );
          expect(winner.profileVersion).toBe(newestOf(winner.refId));
          for (const other of superseded) {
            if (other.refId !== winner.refId && other.profileVersion === newestOf(other.refId)) {
              expect(other.at <= winner.at).toBe(true);
            }
          }
        }
      }),
    );
  });
});

describe("staleness", () => {
  it("skips status changes at or below the applied version, applies newer ones", () => {
    expect(isApplicable(anIntent({ profileVersion: 4 }), null)).toBe(true);
    expect(isApplicable(anIntent({ profileVersion: 4 }), { profileVersion: 3 })).toBe(true);
    expect(isApplicable(anIntent({ profileVersion: 4 }), { profileVersion: 4 })).toBe(false);
    expect(isApplicable(anIntent({ profileVersion: 3 }), { profileVersion: 4 })).toBe(false);
  });

  it("lets a repair re-apply the applied version but never an older one", () => {
    expect(isApplicable(anIntent({ profileVersion: 4, source: "repair" }), { profileVersion: 4 })).toBe(true);
    expect(isApplicable(anIntent({ profileVersion: 3, source: "repair" }), { profileVersion: 4 })).toBe(
      false,
    );
  });

  it("applies a plan change's intent at the applied version only when the flag differs from what it asks", () => {
    const attest = anIntent({ intent: "attest", profileVersion: 4, source: "plan-change" });
    const revoke = anIntent({ intent: "revoke", profileVersion: 4, source: "plan-change" });
    expect(isApplicable(attest, { profileVersion: 4, flagged: false })).toBe(true);
    expect(isApplicable(attest, { profileVersion: 4, flagged: true })).toBe(false);
    expect(isApplicable(revoke, { profileVersion: 4, flagged: true })).toBe(true);
    expect(isApplicable(revoke, { profileVersion: 4, flagged: false })).toBe(false);
    // The profile moved on since the change read it: its own status change decides.
    expect(isApplicable(attest, { profileVersion: 5, flagged: false })).toBe(false);
    expect(isApplicable(attest, null)).toBe(true);
  });
});
