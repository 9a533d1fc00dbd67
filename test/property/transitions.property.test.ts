import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { ACTOR_KINDS } from "../../lambdas/domain/audit.js";
import { ForbiddenTransitionError } from "../../lambdas/domain/errors.js";
import type { Profile } from "../../lambdas/domain/profile.js";
import { PROFILE_STATUSES, STATUS_DATE_FIELD } from "../../lambdas/domain/profile.js";
import { ALLOWED_TRANSITIONS, applyTransition } from "../../lambdas/domain/transitions.js";
import { aProfile } from "../unit/domain/support/fixtures.js";

describe("transition properties", () => {
  it("any sequence of attempts only ever takes table edges, one version per change", () => {
    const attempt = fc.record({
      to: fc.constantFrom(...PROFILE_STATUSES),
      actor: fc.constantFrom(...ACTOR_KINDS),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILE_STATUSES),
        fc.array(attempt, { maxLength: 40 }),
        (start, attempts) => {
          let profile: Profile = aProfile({ status: start, version: 1 });
          let applied = 0;
          attempts.forEach(({ to, actor }, step) => {
            const at = new Date(Date.UTC(2026, 1, 1, 0, 0, step)).toISOString();
            const from = profile.status;
            const allowed = ALLOWED_TRANSITIONS[from][to]?.includes(actor) ?? false;
            let result: ReturnType<typeof applyTransition> | null = null;
            try {
              result = applyTransition(profile, to, {
                actor: { kind: actor, id: "x" },
                reasonCodes: ["P"],
                ruleVersion: "r",
                at,
              });
            } catch (error) {
              expect(error).toBeInstanceOf(ForbiddenTransitionError);
            }
            expect(result !== null).toBe(allowed);
            if (result === null) return;
            applied++;
            expect(result.profile.version).toBe(profile.version + 1);
            expect(result.audit).toMatchObject({ from, to, profileVersion: result.profile.version });
            const dateField = STATUS_DATE_FIELD[to];
            if (dateField) expect(result.profile[dateField]).toBe(at);
            const chain = result.outbox.filter((o) => o.kind === "chain");
            expect(chain.length).toBe((from === "approved") !== (to === "approved") ? 1 : 0);
            profile = result.profile;
          });
          expect(profile.version).toBe(1 + applied);
        },
      ),
      { numRuns: 500 },
    );
  });
});
