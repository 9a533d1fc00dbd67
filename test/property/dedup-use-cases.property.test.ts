import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import type { AmlScreener } from "../../lambdas/domain/bots/aml-screening.js";
import type { Certificate } from "../../lambdas/domain/certificates.js";
import type { IdentifierIndexEntry } from "../../lambdas/domain/dedup/identifiers.js";
import type { IdentifierIndex, Page } from "../../lambdas/domain/ports.js";
import { dedupSweep } from "../../lambdas/domain/use-cases/dedup-sweep.js";
import { reviewProfile } from "../../lambdas/domain/use-cases/review-profile.js";
import { submitCertificates } from "../../lambdas/domain/use-cases/submit-certificates.js";
import { submitProfile } from "../../lambdas/domain/use-cases/submit-profile.js";
import { aService, allClear, clear, consider } from "../unit/domain/support/fixtures.js";
import type { InMemoryStore } from "../unit/domain/support/in-memory-ports.js";
import { createWorld } from "../unit/domain/support/in-memory-ports.js";

/**
 * The same property as dedup.property.test.ts, through the real use cases and in-memory ports:
 * one world deduplicates in real time after every bot decision, the other cannot see duplicates
 * until the final sweep (its index lookups are blinded); after the sweep both are identical.
 */
class BlindableIndex implements IdentifierIndex {
  blind = false;
  constructor(private readonly store: InMemoryStore) {}
  async findByHash(clientId: string, identifierHash: string): Promise<IdentifierIndexEntry[]> {
    return this.blind ? [] : this.store.findByHash(clientId, identifierHash);
  }
  async scan(clientId: string, cursor: string | null, limit: number): Promise<Page<IdentifierIndexEntry>> {
    return this.store.scan(clientId, cursor, limit);
  }
}

/** Time set by the test: one instant per event, identical in both worlds. */
class EventClock {
  t = Date.UTC(2026, 0, 1);
  now(): string {
    return new Date(this.t).toISOString();
  }
}

const WALLETS = [
  "0x1000000000000000000000000000000000000001",
  "0x2000000000000000000000000000000000000002",
  "0x3000000000000000000000000000000000000003",
];
const CERTS: Record<string, Certificate[]> = {
  approve: allClear(),
  reject: [consider("identity-document", "DOC_EXPIRED"), clear("selfie"), clear("aml")],
  block: [consider("identity-document", "DOC_SUSPECTED_FRAUD"), clear("selfie"), clear("aml")],
  review: [consider("identity-document", "DOC_SOMETHING_NEW"), clear("selfie"), clear("aml")],
};
const noAmlHits: AmlScreener = () => ({ outcome: "clear", topScore: 0, verdicts: [] });

type Event = { kind: "arrive" | "decide"; index: number };

const scenarioArb = fc
  .array(
    fc.record({
      wallet: fc.constantFrom(...WALLETS),
      passport: fc.constantFrom("P1", "p-1", "P2", "P3", "P4"),
      outcome: fc.constantFrom("approve", "approve", "reject", "block", "review"),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .chain((profiles) =>
    fc.array(fc.nat(), { minLength: profiles.length * 2, maxLength: profiles.length * 2 }).map((keys) => {
      // A random interleaving in which each profile arrives before it is decided.
      const slots = keys.map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k || a.i - b.i);
      const events: Event[] = [];
      const seen = new Set<number>();
      for (const { i } of slots) {
        const index = i % profiles.length;
        events.push({ kind: seen.has(index) ? "decide" : "arrive", index });
        seen.add(index);
      }
      return { profiles, events };
    }),
  );

async function play(
  scenario: { profiles: { wallet: string; passport: string; outcome: string }[]; events: Event[] },
  realTime: boolean,
): Promise<Record<string, string>> {
  const w = createWorld();
  const clock = new EventClock();
  const index = new BlindableIndex(w.store);
  const deps = { ...w, clock, index };
  await w.services.put(aService({ plan: "managed" }));
  index.blind = !realTime;
  for (const [step, event] of scenario.events.entries()) {
    clock.t = Date.UTC(2026, 0, 1) + step * 1000;
    const p = scenario.profiles[event.index]!;
    const refId = `r${event.index}`;
    if (event.kind === "arrive") {
      await submitProfile(deps, {
        clientId: "acme",
        principalId: "k",
        refId,
        wallet: p.wallet,
        identity: { givenName: "Ana", familyName: "Silva", dob: "1990-01-01", nationality: "PT" },
        documents: [{ type: "passport", number: p.passport, country: "PT" }],
      });
      await submitCertificates(deps, {
        clientId: "acme",
        refId,
        principalId: "idp",
        certificates: CERTS[p.outcome]!,
      });
    } else {
      await reviewProfile(deps, { clientId: "acme", refId }, { screenAml: noAmlHits });
    }
  }
  index.blind = false;
  clock.t += 1000;
  const sweep = await dedupSweep(deps, { clientId: "acme", pageSize: 4 });
  expect(sweep.status).toBe("completed");
  return Object.fromEntries(
    scenario.profiles.map((_, i) => [`r${i}`, w.store.profile("acme", `r${i}`).status]),
  );
}

describe("deduplication through the use cases", () => {
  it("real-time dedup + sweep ends where the sweep alone ends", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const withRealTime = await play(scenario, true);
        const sweepOnly = await play(scenario, false);
        expect(withRealTime).toEqual(sweepOnly);
        expect(Object.values(withRealTime).filter((s) => s === "approved").length).toBeLessThanOrEqual(
          new Set(scenario.profiles.map((p) => p.wallet)).size,
        );
      }),
      { numRuns: 60 },
    );
  });
});
