import { decodeChainWork, encodeChainWork } from "../../../lambdas/adapters/chain/chain-work-message.js";
import { recordsOfConfirmedBatch } from "../../../lambdas/adapters/chain/outcome-recorder.js";
import { finalBatchOf, type StoredBatch } from "../../../lambdas/adapters/dynamodb/chain-tx-store.js";
import { planBatches, summarizeBatch } from "../../../lambdas/domain/chain/batch-plan.js";
import { erasureOutboxIdsOf, intentFromOutbox } from "../../../lambdas/domain/chain/intent.js";
import { isApplicable } from "../../../lambdas/domain/chain/staleness.js";
import type { WalletAction } from "../../../lambdas/domain/chain/wallet-action.js";
import { deterministicId } from "../../../lambdas/domain/ids.js";
import type { ChainOutboxRecord } from "../../../lambdas/domain/outbox.js";
import { WALLET_A, WALLET_B, anIntent } from "./intents.js";

const inclusion = {
  hash: "0xfeed",
  blockNumber: 12,
  chainId: 31337,
  gasUsed: "51000",
  confirmedAt: "2026-01-10T12:00:00.000Z",
};

function storedBatch(actions: WalletAction[]): StoredBatch {
  const [plan] = planBatches(actions);
  return { batchId: "batch-1", registry: "0xregistry", serviceId: "1", plan: plan! };
}

const erasureOf = (refId: string, wallet: string, profileVersion = 7) =>
  anIntent({
    id: deterministicId("acme", refId, profileVersion, "chain"),
    intent: "revoke",
    refId,
    wallet,
    profileVersion,
    source: "erasure",
  });

describe("erasure intents", () => {
  const revoke: ChainOutboxRecord = {
    id: "outbox-1",
    kind: "chain",
    intent: "revoke",
    clientId: "acme",
    refId: "user-1",
    wallet: WALLET_A,
    at: "2026-01-10T10:00:00.000Z",
    profileVersion: 7,
  };

  it("an outbox record marked as an erasure becomes an erasure intent; others stay status changes", () => {
    expect(intentFromOutbox({ ...revoke, erasure: true }).source).toBe("erasure");
    expect(intentFromOutbox(revoke).source).toBe("status-change");
  });

  it("travels through the chain queue's message schema", () => {
    const intent = erasureOf("user-1", WALLET_A);
    expect(decodeChainWork(encodeChainWork([intent]))).toEqual([intent]);
  });

  it("is applied like a status change: only when newer than the applied version", () => {
    expect(isApplicable(erasureOf("user-1", WALLET_A, 7), { profileVersion: 6 })).toBe(true);
    expect(isApplicable(erasureOf("user-1", WALLET_A, 7), { profileVersion: 7 })).toBe(false);
  });

  it("names its outbox record, also when a repair re-issues it under a repair id", () => {
    const own = erasureOf("user-1", WALLET_A, 7);
    expect(erasureOutboxIdsOf(own)).toEqual([own.id]);
    const repair = { ...own, id: "repair-1" };
    expect(erasureOutboxIdsOf(repair)).toEqual(["repair-1", own.id]);
  });
});

describe("records of a confirmed batch", () => {
  it("records every profile and wallet of an ordinary batch", () => {
    const approval = anIntent({ refId: "user-1", wallet: WALLET_A, profileVersion: 3 });
    const records = recordsOfConfirmedBatch(
      storedBatch([
        {
          kind: "attest",
          clientId: "acme",
          wallet: WALLET_A,
          refId: "user-1",
          expiresAt: 2_000_000_000,
          intents: [approval],
        },
      ]),
      inclusion,
    );
    expect(records.profiles).toEqual([
      expect.objectContaining({
        refId: "user-1",
        wallet: WALLET_A,
        verifiedUntil: 2_000_000_000,
        profileVersion: 3,
      }),
    ]);
    expect(records.wallets).toEqual([expect.objectContaining({ refId: "user-1", wallet: WALLET_A })]);
    expect(records.erased).toEqual([]);
    expect(records.erasureOutboxIds).toEqual([]);
  });

  it("keeps nothing of an erased profile's wallet: no profile or flag record, its outbox record to delete", () => {
    const stale = anIntent({ refId: "gone", wallet: WALLET_A, profileVersion: 5, intent: "revoke" });
    const erasure = erasureOf("gone", WALLET_A, 7);
    const other = anIntent({ refId: "user-2", wallet: WALLET_B, profileVersion: 2, intent: "revoke" });
    const records = recordsOfConfirmedBatch(
      storedBatch([
        { kind: "revoke", clientId: "acme", wallet: WALLET_A, intents: [stale, erasure] },
        { kind: "revoke", clientId: "acme", wallet: WALLET_B, intents: [other] },
      ]),
      inclusion,
    );
    expect(records.profiles.map((record) => record.refId)).toEqual(["user-2"]);
    expect(records.wallets.map((record) => record.wallet)).toEqual([WALLET_B]);
    expect(records.erased).toEqual([
      { clientId: "acme", refId: "gone", profileVersion: 7, wallets: [WALLET_A] },
    ]);
    expect(records.erasureOutboxIds).toEqual([erasure.id]);
    expect(JSON.stringify([records.profiles, records.wallets])).not.toContain(WALLET_A);
  });

  it("a shared wallet re-attested for its original holder stays that holder's flag", () => {
    const erasure = erasureOf("duplicate", WALLET_A, 4);
    const records = recordsOfConfirmedBatch(
      storedBatch([
        {
          kind: "attest",
          clientId: "acme",
          wallet: WALLET_A,
          refId: "original",
          expiresAt: 2_000_000_000,
          intents: [erasure],
        },
      ]),
      inclusion,
    );
    expect(records.wallets).toEqual([
      expect.objectContaining({ refId: "original", wallet: WALLET_A, verifiedUntil: 2_000_000_000 }),
    ]);
    expect(records.profiles).toEqual([]);
    // `forgetErased` deletes the flag record only while it names the erased profile: here it does not.
    expect(records.erased).toEqual([
      { clientId: "acme", refId: "duplicate", profileVersion: 4, wallets: [WALLET_A] },
    ]);
  });
});

describe("pruning a final transaction's batch", () => {
  it("keeps kind, service, batch id, registry and the wallet count; no wallet, refId or intent", () => {
    const batch = storedBatch([
      {
        kind: "attest",
        clientId: "acme",
        wallet: WALLET_A,
        refId: "user-1",
        expiresAt: 2_000_000_000,
        intents: [anIntent({ refId: "user-1", wallet: WALLET_A })],
      },
      {
        kind: "attest",
        clientId: "acme",
        wallet: WALLET_B,
        refId: "user-2",
        expiresAt: 2_000_000_000,
        intents: [anIntent({ refId: "user-2", wallet: WALLET_B })],
      },
    ]);
    expect(summarizeBatch(batch.plan)).toEqual({ kind: "attest", clientId: "acme", wallets: 2 });
    const final = finalBatchOf(batch);
    expect(final).toEqual({
      batchId: "batch-1",
      registry: "0xregistry",
      serviceId: "1",
      summary: { kind: "attest", clientId: "acme", wallets: 2 },
    });
    const text = JSON.stringify(final).toLowerCase();
    for (const secret of [WALLET_A, WALLET_B, "user-1", "user-2"])
      expect(text).not.toContain(secret.toLowerCase());
  });

  it("is idempotent: a pruned batch (or one read back) stays as it is", () => {
    const final = finalBatchOf(
      storedBatch([
        { kind: "revoke", clientId: "acme", wallet: WALLET_A, intents: [anIntent({ intent: "revoke" })] },
      ]),
    );
    expect(finalBatchOf(final)).toBe(final);
  });
});
