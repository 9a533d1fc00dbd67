import { describe, expect, it } from "@jest/globals";
import {
  ForbiddenTransitionError,
  NotEntitledError,
  NotFoundError,
  ValidationError,
} from "../../../lambdas/domain/errors.js";
import { actOnProfile } from "../../../lambdas/domain/operator/act-on-profile.js";
import { OperatorAccessDeniedError } from "../../../lambdas/domain/operator/errors.js";
import { requireOperatorAccess } from "../../../lambdas/domain/operator/operator-access.js";
import {
  OPERATOR_ACTIONS,
  planOperatorAction,
  type OperatorAction,
} from "../../../lambdas/domain/operator/operator-action.js";
import { showProfileToOperator } from "../../../lambdas/domain/operator/show-profile.js";
import { PLANS, type Plan } from "../../../lambdas/domain/service.js";
import { PROFILE_STATUSES, type Profile, type ProfileStatus } from "../../../lambdas/domain/profile.js";
import { indexChangeFor } from "../../../lambdas/domain/use-cases/index-change.js";
import { aProfile, aService, WALLET_B } from "../domain/support/fixtures.js";
import { aSeedAudit } from "../../support/domain-builders.js";
import { createWorld, type TestWorld } from "../domain/support/in-memory-ports.js";

const OPERATOR = "arn:aws:iam::123456789012:user/alice";

async function seed(world: TestWorld, profile: Profile): Promise<void> {
  const audit = aSeedAudit(profile, profile.createdAt, `seed-${profile.refId}`);
  await world.store.createIfAbsent({
    profile,
    audit,
    index: indexChangeFor(null, profile, world.hasher).put,
  });
}

async function worldWith(plan: Plan, ...profiles: Profile[]): Promise<TestWorld> {
  const world = createWorld();
  await world.services.put(aService({ plan }));
  for (const profile of profiles) await seed(world, profile);
  return world;
}

describe("planOperatorAction", () => {
  const expected: Record<OperatorAction, Partial<Record<ProfileStatus, ProfileStatus | "unchanged">>> = {
    approve: { waiting: "approved", inreview: "approved", approved: "unchanged" },
    reject: {
      waiting: "rejected",
      inreview: "rejected",
      approved: "rejected",
      blocked: "rejected",
      rejected: "unchanged",
    },
    block: {
      incomplete: "blocked",
      waiting: "blocked",
      inreview: "blocked",
      approved: "blocked",
      rejected: "blocked",
      blocked: "unchanged",
    },
    unblock: { blocked: "approved", approved: "unchanged" },
    "request-resubmission": {
      waiting: "rejected",
      inreview: "rejected",
      approved: "rejected",
      blocked: "rejected",
      rejected: "unchanged",
    },
  };

  for (const action of OPERATOR_ACTIONS) {
    for (const status of PROFILE_STATUSES) {
      const outcome = expected[action][status];
      it(`${action} on ${status} → ${outcome ?? "refused"}`, () => {
        const profile = aProfile({ status });
        if (outcome === undefined) {
          expect(() => planOperatorAction(profile, action, "checked")).toThrow(ForbiddenTransitionError);
        } else if (outcome === "unchanged") {
          expect(planOperatorAction(profile, action, "checked")).toEqual({ kind: "unchanged", status });
        } else {
          expect(planOperatorAction(profile, action, "checked")).toEqual({ kind: "transition", to: outcome });
        }
      });
    }
  }

  it("needs a non-blank reason of at most 500 characters", () => {
    expect(() => planOperatorAction(aProfile(), "approve", "   ")).toThrow(ValidationError);
    expect(() => planOperatorAction(aProfile(), "approve", "x".repeat(501))).toThrow(ValidationError);
    expect(planOperatorAction(aProfile(), "approve", "x".repeat(500)).kind).toBe("transition");
  });

  it("refuses to re-decide an archived profile", () => {
    expect(() =>
      planOperatorAction(aProfile({ status: "blocked", isArchived: true }), "unblock", "fp"),
    ).toThrow("archived");
  });

  it("tells the operator to unblock rather than approve a blocked profile", () => {
    expect(() => planOperatorAction(aProfile({ status: "blocked" }), "approve", "ok")).toThrow(/unblock/);
  });
});

describe("requireOperatorAccess", () => {
  for (const plan of PLANS) {
    const allowed = plan === "managed" || plan === "managed-dedicated";
    it(`${allowed ? "lets operators in" : "refuses operators"} on ${plan}`, () => {
      const check = () => requireOperatorAccess(aService({ plan }));
      if (allowed) expect(check).not.toThrow();
      else {
        expect(check).toThrow(OperatorAccessDeniedError);
        expect(check).toThrow(NotEntitledError);
        expect(check).toThrow(`the ${plan} plan`);
      }
    });
  }
});

describe("actOnProfile", () => {
  it("unblocks a false positive: approved, audited with the operator and reason, attestation queued", async () => {
    const world = await worldWith(
      "managed",
      aProfile({ status: "blocked", blockedDate: "2026-01-01T00:00:00.000Z" }),
    );
    const result = await actOnProfile(world, {
      clientId: "acme",
      refId: "user-1",
      action: "unblock",
      reason: "AML hit is a namesake: different date of birth",
      operator: OPERATOR,
    });
    expect(result.changed).toBe(true);
    expect(result.profile.status).toBe("approved");
    expect(world.store.profile("acme", "user-1")).toMatchObject({ status: "approved", version: 4 });
    const audit = (await world.store.listAudit("acme", "user-1")).at(-1);
    expect(audit).toMatchObject({
      from: "blocked",
      to: "approved",
      actor: { kind: "operator", id: OPERATOR },
      reasonCodes: ["OPERATOR_UNBLOCKED_FALSE_POSITIVE"],
      note: "AML hit is a namesake: different date of birth",
    });
    const intents = [...world.store.outbox.values()].filter((record) => record.kind === "chain");
    expect(intents).toMatchObject([{ intent: "attest", refId: "user-1", profileVersion: 4 }]);
  });

  for (const plan of ["payg", "self-managed"] as const) {
    it(`refuses operators on ${plan} and changes nothing`, async () => {
      const world = await worldWith(plan, aProfile({ status: "blocked" }));
      const writesBefore = world.store.writes;
      await expect(
        actOnProfile(world, {
          clientId: "acme",
          refId: "user-1",
          action: "unblock",
          reason: "fp",
          operator: OPERATOR,
        }),
      ).rejects.toThrow(OperatorAccessDeniedError);
      expect(world.store.writes).toBe(writesBefore);
      expect(world.store.profile("acme", "user-1").status).toBe("blocked");
      expect(world.store.outbox.size).toBe(0);
      await expect(showProfileToOperator(world, { clientId: "acme", refId: "user-1" })).rejects.toThrow(
        OperatorAccessDeniedError,
      );
    });
  }

  it("is idempotent: repeating an action writes nothing", async () => {
    const world = await worldWith("managed", aProfile({ status: "waiting" }));
    const input = {
      clientId: "acme",
      refId: "user-1",
      action: "reject",
      reason: "blurry",
      operator: OPERATOR,
    } as const;
    await actOnProfile(world, input);
    const writes = world.store.writes;
    const again = await actOnProfile(world, input);
    expect(again).toMatchObject({ changed: false, audit: null });
    expect(again.profile.status).toBe("rejected");
    expect(world.store.writes).toBe(writes);
  });

  it("deduplicates after an approval: a later approval sharing a passport is blocked again", async () => {
    const passport = [{ type: "passport" as const, number: "C01X00T47", country: "DE" }];
    const world = await worldWith(
      "managed",
      aProfile({
        refId: "first",
        status: "approved",
        approvedDate: "2026-01-01T00:00:00.000Z",
        documents: passport,
      }),
      aProfile({ refId: "second", status: "blocked", wallet: WALLET_B, documents: passport }),
    );
    const result = await actOnProfile(world, {
      clientId: "acme",
      refId: "second",
      action: "unblock",
      reason: "looked fine",
      operator: OPERATOR,
    });
    expect(result.dedup).toMatchObject({ originalRefId: "first", blocked: ["second"] });
    expect(result.profile.status).toBe("blocked");
    expect(world.store.profile("acme", "first").status).toBe("approved");
  });

  it("deduplicates after a rejection too: a rejected duplicate of an approved profile is blocked", async () => {
    const passport = [{ type: "passport" as const, number: "C01X00T47", country: "DE" }];
    const world = await worldWith(
      "managed",
      aProfile({
        refId: "first",
        status: "approved",
        approvedDate: "2026-01-01T00:00:00.000Z",
        documents: passport,
      }),
      aProfile({ refId: "second", status: "waiting", wallet: WALLET_B, documents: passport }),
    );
    const result = await actOnProfile(world, {
      clientId: "acme",
      refId: "second",
      action: "reject",
      reason: "document expired",
      operator: OPERATOR,
    });
    expect(result.dedup).toMatchObject({ originalRefId: "first", blocked: ["second"] });
    expect(result.profile.status).toBe("blocked");
  });

  it("does not find erased profiles or unknown services", async () => {
    const world = await worldWith("managed", aProfile({ status: "waiting", deleted: true }));
    await expect(
      actOnProfile(world, {
        clientId: "acme",
        refId: "user-1",
        action: "approve",
        reason: "ok",
        operator: OPERATOR,
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      actOnProfile(world, {
        clientId: "other",
        refId: "user-1",
        action: "approve",
        reason: "ok",
        operator: OPERATOR,
      }),
    ).rejects.toThrow("Service not found");
  });

  it("shows operators the personal data and the audit trail on managed plans", async () => {
    const world = await worldWith("managed-dedicated", aProfile({ status: "waiting" }));
    const view = await showProfileToOperator(world, { clientId: "acme", refId: "user-1" });
    expect(view.personalData.identity).toMatchObject({ familyName: "Schmidt" });
    expect(view.audit).toHaveLength(1);
  });
});
