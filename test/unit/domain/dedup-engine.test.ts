import { describe, expect, it } from "@jest/globals";
import {
  identifierKeysOf,
  indexEntriesFor,
  normalizeDocumentNumber,
} from "../../../lambdas/domain/dedup/identifiers.js";
import type { IdentifierIndexEntry } from "../../../lambdas/domain/dedup/identifiers.js";
import { resolveGroup } from "../../../lambdas/domain/dedup/resolve-group.js";
import type { DedupMember } from "../../../lambdas/domain/dedup/resolve-group.js";
import { DedupSweepEngine, UnsortedIndexError } from "../../../lambdas/domain/dedup/sweep-engine.js";
import type { ProfileStatus } from "../../../lambdas/domain/profile.js";
import { aProfile, WALLET_A } from "./support/fixtures.js";

describe("identifier normalisation", () => {
  it.each([
    ["c01x 00t-47", "C01X00T47"],
    ["C01.X00.T47", "C01X00T47"],
    ["  c01x\u201300t47 ", "C01X00T47"],
    ["ＣＯ１", "CO1"],
  ])("document number %j -> %s", (raw, normalized) => {
    expect(normalizeDocumentNumber(raw)).toBe(normalized);
  });

  it("keys wallet, passport and national id with the document country", () => {
    const keys = identifierKeysOf({
      wallet: WALLET_A,
      documents: [
        { type: "passport", number: "c01x-00t47", country: "de" },
        { type: "national_id", number: "L01X00T47", country: "DE" },
        { type: "passport", number: "C01X 00T47", country: "DE" }, // same passport again
      ],
    });
    expect(keys).toEqual([
      "national_id:DE:L01X00T47",
      "passport:DE:C01X00T47",
      `wallet:${WALLET_A.toLowerCase()}`,
    ]);
  });

  it("keys a document from DE and from DEU as the same identifier", () => {
    const keys = identifierKeysOf({
      wallet: "",
      documents: [
        { type: "passport", number: "C01X00T47", country: "DEU" },
        { type: "passport", number: "c01x-00t47", country: "DE" },
        { type: "national_id", number: "L01X00T47", country: "deu" },
      ],
    });
    expect(keys).toEqual(["national_id:DE:L01X00T47", "passport:DE:C01X00T47"]);
  });

  it("treats the same number from two countries as two identifiers", () => {
    const keys = identifierKeysOf({
      wallet: "",
      documents: [
        { type: "passport", number: "123", country: "FR" },
        { type: "passport", number: "123", country: "BE" },
      ],
    });
    expect(keys).toEqual(["passport:BE:123", "passport:FR:123"]);
  });

  it("index rows carry only the keyed hash, and mirror status and approval date", () => {
    const profile = aProfile({ status: "approved", approvedDate: "2026-01-02T00:00:00.000Z" });
    const rows = indexEntriesFor(profile, (key) => `h(${key.length})`);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toEqual({
        clientId: "acme",
        identifierHash: expect.stringMatching(/^h\(\d+\)$/),
        refId: "user-1",
        status: "approved",
        approvedDate: "2026-01-02T00:00:00.000Z",
        createdAt: profile.createdAt,
      });
      expect(JSON.stringify(row)).not.toContain("C01X00T47");
    }
    expect(indexEntriesFor({ ...profile, deleted: true }, (k) => k)).toEqual([]);
  });
});

const member = (refId: string, status: ProfileStatus, approvedDate: string | null = null): DedupMember => ({
  refId,
  status,
  approvedDate,
  createdAt: "2026-01-01T00:00:00.000Z",
});

describe("resolveGroup (reference rules)", () => {
  it("keeps the approved profile and blocks every other decided duplicate", () => {
    expect(
      resolveGroup([
        member("a", "rejected"),
        member("b", "approved", "2026-01-05T00:00:00Z"),
        member("c", "rejected"),
      ]),
    ).toEqual({ originalRefId: "b", toBlock: ["a", "c"] });
  });

  it("leaves undecided duplicates to their own decision (verification first, deduplication after)", () => {
    expect(
      resolveGroup([
        member("a", "incomplete"),
        member("b", "approved", "2026-01-05T00:00:00Z"),
        member("c", "waiting"),
        member("d", "inreview"),
        member("e", "rejected"),
      ]),
    ).toEqual({ originalRefId: "b", toBlock: ["e"] });
  });

  it("with several approved, the earliest approved is original and the later ones are blocked", () => {
    expect(
      resolveGroup([
        member("late", "approved", "2026-03-01T00:00:00Z"),
        member("early", "approved", "2026-02-01T00:00:00Z"),
        member("other", "rejected"),
      ]),
    ).toEqual({ originalRefId: "early", toBlock: ["late", "other"] });
  });

  it("does not block again what is blocked, and leaves groups without approval alone", () => {
    expect(resolveGroup([member("a", "approved", "2026-01-01T00:00:00Z"), member("b", "blocked")])).toEqual({
      originalRefId: "a",
      toBlock: [],
    });
    expect(resolveGroup([member("a", "rejected"), member("b", "waiting")])).toEqual({
      originalRefId: null,
      toBlock: [],
    });
  });

  it("breaks approval-time ties by creation time, then refId", () => {
    const t = "2026-01-01T00:00:00Z";
    const a = { ...member("a", "approved", t), createdAt: "2026-01-02T00:00:00Z" };
    const b = { ...member("b", "approved", t), createdAt: "2026-01-01T00:00:00Z" };
    expect(resolveGroup([a, b]).originalRefId).toBe("b");
    expect(resolveGroup([member("y", "approved", t), member("x", "approved", t)]).originalRefId).toBe("x");
  });
});

function row(hash: string, refId: string, status: ProfileStatus, approvedDate: string | null = null) {
  return { identifierHash: hash, refId, status, approvedDate, createdAt: "2026-01-01T00:00:00.000Z" };
}

describe("DedupSweepEngine", () => {
  it("joins profiles transitively through different identifiers", () => {
    const engine = new DedupSweepEngine();
    // a-b share h1, b-c share h2, d alone: {a,b,c} is one group.
    engine.addAll([
      row("h1", "a", "approved", "2026-01-03T00:00:00Z"),
      row("h1", "b", "rejected"),
      row("h2", "b", "rejected"),
      row("h2", "c", "approved", "2026-01-02T00:00:00Z"),
      row("h3", "d", "approved", "2026-01-01T00:00:00Z"),
    ]);
    expect(engine.resolve()).toEqual([{ originalRefId: "c", toBlock: ["a", "b"] }]);
    expect(engine.profileCount).toBe(4);
    expect(engine.rowCount).toBe(5);
  });

  it("joins through undecided profiles but leaves them to their own decision", () => {
    const engine = new DedupSweepEngine();
    // a-b share h1, b-c share h2: b (waiting) links a and c into one group but is not settled.
    engine.addAll([
      row("h1", "a", "rejected"),
      row("h1", "b", "waiting"),
      row("h2", "b", "inreview"),
      row("h2", "c", "approved", "2026-01-02T00:00:00Z"),
      row("h3", "d", "incomplete"),
      row("h3", "e", "approved", "2026-01-01T00:00:00Z"),
    ]);
    expect(engine.resolve()).toEqual([{ originalRefId: "c", toBlock: ["a"] }]);
  });

  it("refuses rows out of index order", () => {
    const engine = new DedupSweepEngine();
    engine.add(row("h2", "a", "waiting"));
    expect(() => engine.add(row("h1", "b", "waiting"))).toThrow(UnsortedIndexError);
  });

  it("resumes from its serialized state with the same result", () => {
    const rows: Pick<
      IdentifierIndexEntry,
      "identifierHash" | "refId" | "status" | "approvedDate" | "createdAt"
    >[] = [];
    for (let i = 0; i < 2000; i++) {
      const hash = `h${String(Math.floor(i / 3)).padStart(5, "0")}`;
      rows.push(
        row(
          hash,
          `p${(i * 7) % 1500}`,
          i % 5 === 0 ? "approved" : i % 2 === 0 ? "rejected" : "waiting",
          `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}Z`,
        ),
      );
    }
    rows.sort((x, y) => (x.identifierHash + x.refId < y.identifierHash + y.refId ? -1 : 1));
    const whole = new DedupSweepEngine();
    whole.addAll(rows);
    const first = new DedupSweepEngine();
    first.addAll(rows.slice(0, 777));
    const resumed = DedupSweepEngine.deserialize(first.serialize());
    resumed.addAll(rows.slice(777));
    expect(resumed.resolve()).toEqual(whole.resolve());
    expect(whole.resolve().length).toBeGreaterThan(10);
  });
});
