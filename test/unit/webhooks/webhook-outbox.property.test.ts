import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { ACTOR_KINDS } from "../../../lambdas/domain/audit.js";
import { PROFILE_STATUSES } from "../../../lambdas/domain/profile.js";
import { applyTransition, isAllowedTransition } from "../../../lambdas/domain/transitions.js";
import { webhookEventFor } from "../../../lambdas/domain/webhooks/webhook-events.js";
import { aProfile } from "../../support/domain-builders.js";

describe("webhook outbox records (property)", () => {
  it("every allowed change emits exactly its event, or none, and only when webhooks are on", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILE_STATUSES),
        fc.constantFrom(...PROFILE_STATUSES),
        fc.constantFrom(...ACTOR_KINDS),
        fc.boolean(),
        fc.integer({ min: 1, max: 1000 }),
        (from, to, actor, webhooks, version) => {
          fc.pre(isAllowedTransition(from, to, actor));
          const { outbox, profile } = applyTransition(aProfile({ status: from, version }), to, {
            actor: { kind: actor, id: "x" },
            reasonCodes: [],
            ruleVersion: "test",
            at: "2026-03-01T00:00:00.000Z",
            webhooks,
          });
          const records = outbox.filter((record) => record.kind === "webhook");
          const event = webhookEventFor(from, to);
          if (!webhooks || event === null) {
            expect(records).toEqual([]);
            return;
          }
          expect(records).toEqual([
            expect.objectContaining({ event, status: to, profileVersion: profile.version }),
          ]);
          const ids = outbox.map((record) => record.id);
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
