import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { identifierKeysOf } from "../../lambdas/domain/dedup/identifiers.js";
import type { IdentifierIndexEntry } from "../../lambdas/domain/dedup/identifiers.js";
import { resolveGroup } from "../../lambdas/domain/dedup/resolve-group.js";
import { DedupSweepEngine } from "../../lambdas/domain/dedup/sweep-engine.js";
import type { IdentityDocument, ProfileStatus } from "../../lambdas/domain/profile.js";

/**
 * A pure model of the service: profiles arrive (waiting), the bot decides them later, real-time
 * dedup runs after each decision (or not), and the sweep runs at the end. Properties:
 *  - at most one approved profile per identifier group, and it is the earliest approved;
 *  - undecided profiles are never settled by deduplication (verification first, dedup after);
 *  - real-time + sweep ends in exactly the state of the sweep alone;
 *  - the streaming sweep engine agrees with a naive per-group resolution, in any row order of pages.
 */
type Outcome = "approved" | "rejected" | "blocked" | "review";

interface ModelProfile {
  refId: string;
  wallet: string;
  documents: IdentityDocument[];
  outcome: Outcome;
}

interface State {
  status: ProfileStatus;
  approvedDate: string | null;
  createdAt: string;
}

const WALLETS = [
  "0xAa00000000000000000000000000000000000001",
  "0xaa00000000000000000000000000000000000002",
  "0xAA00000000000000000000000000000000000003",
  "0x00000000000000000000000000000000000000b4",
];

const documentArb = fc.record({
  type: fc.constantFrom("passport" as const, "national_id" as const),
  number: fc.constantFrom("AB 123", "ab-123", "AB.123", "CD456", "EF 789"),
  country: fc.constantFrom("DE", "de", "FR"),
});

const profilesArb = fc
  .array(
    fc.record({
      wallet: fc.constantFrom(...WALLETS, ""),
      documents: fc.array(documentArb, { maxLength: 2 }),
      outcome: fc.constantFrom<Outcome>("approved", "approved", "rejected", "blocked", "review"),
      decisionDelay: fc.nat({ max: 20 }),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .chain((profiles) =>
    fc.tuple(
      fc.constant(profiles),
      fc.shuffledSubarray([...profiles.keys()], { minLength: profiles.length }),
    ),
  )
  .map(([profiles, arrivalOrder]) => {
    const models: ModelProfile[] = profiles.map((p, i) => ({
      refId: `r${i}`,
      wallet: p.wallet,
      documents: p.documents,
      outcome: p.outcome,
    }));
    // Events: arrival at step 2k, decision some steps later; ties broken by kind then refId.
    const events: { at: number; kind: 0 | 1; index: number }[] = [];
    arrivalOrder.forEach((index, k) => {
      events.push({ at: 2 * k, kind: 0, index });
      events.push({ at: 2 * k + 1 + 2 * (profiles[index]?.decisionDelay ?? 0), kind: 1, index });
    });
    events.sort((a, b) => a.at - b.at || a.kind - b.kind || a.index - b.index);
    // Events are handled one after the other, so each gets its own instant (the real clock has ms).
    return { models, events: events.map((e, seq) => ({ ...e, at: seq })) };
  });

const iso = (step: number): string => new Date(Date.UTC(2026, 0, 1) + step * 1000).toISOString();

function keysOf(model: ModelProfile): string[] {
  return identifierKeysOf(model);
}

/** Everything connected to `start` through shared identifiers, among arrived profiles. */
function groupOf(start: string, models: Map<string, ModelProfile>, arrived: Set<string>): string[] {
  const seen = new Set([start]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const keys = new Set(keysOf(models.get(queue[i] as string) as ModelProfile));
    for (const other of arrived) {
      if (seen.has(other)) continue;
      if (keysOf(models.get(other) as ModelProfile).some((k) => keys.has(k))) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return [...seen];
}

function block(states: Map<string, State>, refIds: string[]): void {
  for (const refId of refIds) {
    const s = states.get(refId);
    if (s) s.status = "blocked";
  }
}

function indexRows(models: Map<string, ModelProfile>, states: Map<string, State>): IdentifierIndexEntry[] {
  const rows: IdentifierIndexEntry[] = [];
  for (const [refId, state] of states) {
    for (const key of keysOf(models.get(refId) as ModelProfile)) {
      rows.push({ clientId: "c", identifierHash: key, refId, ...state });
    }
  }
  return rows.sort((a, b) =>
    a.identifierHash < b.identifierHash
      ? -1
      : a.identifierHash > b.identifierHash
        ? 1
        : a.refId < b.refId
          ? -1
          : 1,
  );
}

function sweep(models: Map<string, ModelProfile>, states: Map<string, State>, pageSize = 3): void {
  const rows = indexRows(models, states);
  let engine = new DedupSweepEngine();
  for (let i = 0; i < rows.length; i += pageSize) {
    // Resume from the serialized state between pages, as an interrupted sweep would.
    engine = DedupSweepEngine.deserialize(engine.serialize());
    engine.addAll(rows.slice(i, i + pageSize));
  }
  for (const group of engine.resolve()) block(states, group.toBlock);
}

function run(
  input: { models: ModelProfile[]; events: { at: number; kind: 0 | 1; index: number }[] },
  realTime: boolean,
): Map<string, State> {
  const models = new Map(input.models.map((m) => [m.refId, m]));
  const states = new Map<string, State>();
  const arrived = new Set<string>();
  for (const event of input.events) {
    const model = input.models[event.index] as ModelProfile;
    if (event.kind === 0) {
      arrived.add(model.refId);
      states.set(model.refId, { status: "waiting", approvedDate: null, createdAt: iso(event.at) });
      continue;
    }
    const state = states.get(model.refId) as State;
    if (state.status !== "waiting" || model.outcome === "review") continue;
    state.status = model.outcome;
    if (model.outcome === "approved") state.approvedDate = iso(event.at);
    if (!realTime) continue;
    const group = groupOf(model.refId, models, arrived);
    const resolution = resolveGroup(group.map((refId) => ({ refId, ...(states.get(refId) as State) })));
    block(states, resolution.toBlock);
  }
  sweep(models, states);
  return states;
}

const statuses = (states: Map<string, State>) =>
  Object.fromEntries([...states].map(([k, v]) => [k, v.status]));

describe("deduplication properties", () => {
  it("real-time + sweep equals sweep alone, in any arrival order", () => {
    fc.assert(
      fc.property(profilesArb, (input) => {
        expect(statuses(run(input, true))).toEqual(statuses(run(input, false)));
      }),
      { numRuns: 250 },
    );
  });

  it("leaves at most one approved profile per identifier group: the earliest approved", () => {
    fc.assert(
      fc.property(profilesArb, (input) => {
        const models = new Map(input.models.map((m) => [m.refId, m]));
        const all = new Set(models.keys());
        // Approval times as the bot gave them (the sweep-alone world never blocks before the end).
        const approvedBy = new Map<string, string>();
        for (const event of input.events) {
          const m = input.models[event.index] as ModelProfile;
          if (event.kind === 1 && m.outcome === "approved") approvedBy.set(m.refId, iso(event.at));
        }
        const final = run(input, true);
        for (const refId of all) {
          const group = groupOf(refId, models, all);
          const approved = group.filter((r) => final.get(r)?.status === "approved");
          expect(approved.length).toBeLessThanOrEqual(1);
          const everApproved = group.filter((r) => approvedBy.has(r));
          if (everApproved.length > 0 && group.length > 1) {
            const earliest = everApproved.sort(
              (a, b) =>
                (approvedBy.get(a) as string).localeCompare(approvedBy.get(b) as string) ||
                a.localeCompare(b),
            )[0];
            expect(approved).toEqual([earliest]);
            for (const r of group) {
              if (r === earliest) continue;
              // Left for review: still undecided, so deduplication has not touched it.
              const undecided = models.get(r)?.outcome === "review";
              expect(final.get(r)?.status).toBe(undecided ? "waiting" : "blocked");
            }
          }
        }
      }),
      { numRuns: 250 },
    );
  });

  it("never blocks a profile the KYC decision has not reached", () => {
    fc.assert(
      fc.property(profilesArb, fc.boolean(), (input, realTime) => {
        const final = run(input, realTime);
        for (const model of input.models) {
          if (model.outcome === "review") expect(final.get(model.refId)?.status).toBe("waiting");
        }
      }),
      { numRuns: 250 },
    );
  });

  it("the streaming sweep engine agrees with resolving each group directly", () => {
    const statusArb = fc.constantFrom<ProfileStatus>(
      "incomplete",
      "waiting",
      "approved",
      "approved",
      "rejected",
      "blocked",
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            keys: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 3 }),
            status: statusArb,
            t: fc.nat(50),
          }),
          {
            maxLength: 40,
          },
        ),
        (profiles) => {
          const rows = profiles
            .flatMap((p, i) =>
              p.keys.map((k) => ({
                clientId: "c",
                identifierHash: `h${String(k).padStart(2, "0")}`,
                refId: `p${String(i).padStart(2, "0")}`,
                status: p.status,
                approvedDate: p.status === "approved" ? iso(p.t) : null,
                createdAt: iso(i),
              })),
            )
            .sort((a, b) => (a.identifierHash + a.refId < b.identifierHash + b.refId ? -1 : 1));
          const engine = new DedupSweepEngine();
          engine.addAll(rows);
          const fromEngine = engine.resolve();

          // Naive: connected components by repeated merging of key sets.
          const refs = [...new Set(rows.map((r) => r.refId))];
          const keysOfRef = new Map(
            refs.map((r) => [r, new Set(rows.filter((x) => x.refId === r).map((x) => x.identifierHash))]),
          );
          const seen = new Set<string>();
          const expected: { originalRefId: string; toBlock: string[] }[] = [];
          for (const start of refs) {
            if (seen.has(start)) continue;
            const group = [start];
            seen.add(start);
            for (let i = 0; i < group.length; i++) {
              const mine = keysOfRef.get(group[i] as string) as Set<string>;
              for (const other of refs) {
                if (seen.has(other)) continue;
                if ([...(keysOfRef.get(other) as Set<string>)].some((k) => mine.has(k))) {
                  seen.add(other);
                  group.push(other);
                }
              }
            }
            const members = group.map((refId) => {
              const r = rows.find((x) => x.refId === refId) as (typeof rows)[number];
              return { refId, status: r.status, approvedDate: r.approvedDate, createdAt: r.createdAt };
            });
            const res = resolveGroup(members);
            if (res.originalRefId !== null && res.toBlock.length > 0) {
              expected.push({ originalRefId: res.originalRefId, toBlock: res.toBlock });
            }
          }
          expected.sort((a, b) => (a.originalRefId < b.originalRefId ? -1 : 1));
          expect(fromEngine).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
