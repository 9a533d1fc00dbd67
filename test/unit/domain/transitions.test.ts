import { describe, expect, it } from "@jest/globals";
import { ACTOR_KINDS } from "../../../lambdas/domain/audit.js";
import type { ActorKind } from "../../../lambdas/domain/audit.js";
import { ForbiddenTransitionError } from "../../../lambdas/domain/errors.js";
import { PROFILE_STATUSES } from "../../../lambdas/domain/profile.js";
import type { ProfileStatus } from "../../../lambdas/domain/profile.js";
import { RULE_VERSION } from "../../../lambdas/domain/rule-version.js";
import { applyTransition, isAllowedTransition } from "../../../lambdas/domain/transitions.js";
import { aProfile } from "./support/fixtures.js";

const AT = "2026-02-01T10:00:00.000Z";
const opts = (kind: ActorKind, reasonCodes = ["TEST"]) => ({
  actor: { kind, id: `${kind}-1` },
  reasonCodes,
  ruleVersion: RULE_VERSION,
  at: AT,
});

// The allowed table written out independently of the implementation.
const ALLOWED: Record<string, ActorKind[]> = {
  "incomplete>waiting": ["system"],
  "incomplete>blocked": ["bot", "operator"],
  "waiting>inreview": ["operator", "customer"],
  "waiting>approved": ["bot", "operator", "customer"],
  "waiting>rejected": ["bot", "operator", "customer"],
  "waiting>blocked": ["bot", "operator", "customer"],
  "inreview>waiting": ["operator"],
  "inreview>approved": ["operator", "customer"],
  "inreview>rejected": ["operator", "customer"],
  "inreview>blocked": ["bot", "operator", "customer"],
  "approved>rejected": ["operator"],
  "approved>blocked": ["bot", "operator"],
  "rejected>incomplete": ["customer"],
  "rejected>blocked": ["bot", "operator"],
  "blocked>approved": ["operator"],
  "blocked>rejected": ["operator"],
};

describe("allowed-transition table", () => {
  const cases = PROFILE_STATUSES.flatMap((from) =>
    PROFILE_STATUSES.flatMap((to) => ACTOR_KINDS.map((actor) => [from, to, actor] as const)),
  );

  it.each(cases)("%s -> %s by %s", (from, to, actor) => {
    const allowed = ALLOWED[`${from}>${to}`]?.includes(actor) ?? false;
    expect(isAllowedTransition(from, to, actor)).toBe(allowed);
    const profile = aProfile({ status: from });
    if (allowed) {
      expect(applyTransition(profile, to, opts(actor)).profile.status).toBe(to);
    } else {
      expect(() => applyTransition(profile, to, opts(actor))).toThrow(ForbiddenTransitionError);
    }
  });

  it("never allows staying in the same status", () => {
    for (const s of PROFILE_STATUSES)
      for (const a of ACTOR_KINDS) expect(isAllowedTransition(s, s, a)).toBe(false);
  });

  it("refuses any transition of a deleted profile", () => {
    expect(() => applyTransition(aProfile({ deleted: true }), "approved", opts("bot"))).toThrow(
      ForbiddenTransitionError,
    );
  });

  it("carries context on the error", () => {
    try {
      applyTransition(aProfile({ status: "blocked" }), "waiting", opts("bot"));
      throw new Error("expected a ForbiddenTransitionError");
    } catch (error) {
      expect(error).toBeInstanceOf(ForbiddenTransitionError);
      expect((error as ForbiddenTransitionError).name).toBe("ForbiddenTransitionError");
      expect((error as ForbiddenTransitionError).context).toMatchObject({ from: "blocked", to: "waiting" });
    }
  });
});

describe("applyTransition", () => {
  it("bumps the version, sets the status date and writes the audit entry", () => {
    const before = aProfile({ status: "waiting", version: 4 });
    const { profile, audit } = applyTransition(before, "rejected", {
      ...opts("bot", ["DOC_EXPIRED"]),
      note: "bot run",
    });
    expect(profile).toMatchObject({
      status: "rejected",
      version: 5,
      rejectedDate: AT,
      rejectionCount: 1,
      updatedAt: AT,
      lastStatusChangeAt: AT,
    });
    expect(before.status).toBe("waiting"); // input untouched
    expect(audit).toMatchObject({
      clientId: "acme",
      refId: "user-1",
      from: "waiting",
      to: "rejected",
      actor: { kind: "bot", id: "bot-1" },
      reasonCodes: ["DOC_EXPIRED"],
      ruleVersion: RULE_VERSION,
      at: AT,
      profileVersion: 5,
      note: "bot run",
    });
  });

  it.each<[ProfileStatus, ProfileStatus, ActorKind, string]>([
    ["incomplete", "waiting", "system", "waitingDate"],
    ["waiting", "inreview", "operator", "inreviewDate"],
    ["waiting", "approved", "bot", "approvedDate"],
    ["waiting", "blocked", "bot", "blockedDate"],
  ])("%s -> %s sets %s", (from, to, actor, field) => {
    const { profile } = applyTransition(aProfile({ status: from }), to, opts(actor));
    expect(profile[field as keyof typeof profile]).toBe(AT);
  });

  it("emits an attest chain record when entering approved and a revoke when leaving it", () => {
    const approved = applyTransition(aProfile({ status: "waiting" }), "approved", opts("operator"));
    const chainOf = (outbox: readonly { kind: string }[]) => outbox.filter((o) => o.kind === "chain");
    expect(chainOf(approved.outbox)).toEqual([
      expect.objectContaining({
        kind: "chain",
        intent: "attest",
        wallet: aProfile().wallet,
        profileVersion: 4,
      }),
    ]);
    const revoked = applyTransition(approved.profile, "blocked", opts("operator"));
    expect(chainOf(revoked.outbox)).toEqual([
      expect.objectContaining({ kind: "chain", intent: "revoke", profileVersion: 5 }),
    ]);
    const neutral = applyTransition(aProfile({ status: "waiting" }), "rejected", opts("operator"));
    expect(chainOf(neutral.outbox)).toEqual([]);
  });

  it("tells the user about an operator's decision, but not about a review being opened", () => {
    const rejected = applyTransition(aProfile({ status: "waiting" }), "rejected", opts("operator"));
    expect(rejected.outbox).toEqual([
      expect.objectContaining({ kind: "user-notification", status: "rejected", decidedBy: "operator" }),
    ]);
    const opened = applyTransition(aProfile({ status: "waiting" }), "inreview", opts("operator"));
    expect(opened.outbox).toEqual([]);
  });

  it("records a user notification for bot decisions, with the given message", () => {
    const { outbox } = applyTransition(aProfile(), "rejected", {
      ...opts("bot", ["SELFIE_QUALITY"]),
      userMessage: "Retake",
    });
    expect(outbox).toEqual([
      expect.objectContaining({
        kind: "user-notification",
        status: "rejected",
        reasonCodes: ["SELFIE_QUALITY"],
        message: "Retake",
        decidedBy: "bot",
      }),
    ]);
  });

  it("keeps the original's refId in the audit entry of a duplicate block", () => {
    const { audit } = applyTransition(aProfile({ status: "approved" }), "blocked", {
      ...opts("bot", ["DUPLICATE"]),
      originalRefId: "user-0",
    });
    expect(audit.originalRefId).toBe("user-0");
  });

  it("derives the same ids when the same decision is applied again", () => {
    const first = applyTransition(aProfile(), "approved", opts("bot"));
    const again = applyTransition(aProfile(), "approved", opts("bot"));
    expect(again.audit.id).toBe(first.audit.id);
    expect(again.outbox.map((o) => o.id)).toEqual(first.outbox.map((o) => o.id));
    const other = applyTransition(aProfile({ refId: "user-2" }), "approved", opts("bot"));
    expect(other.audit.id).not.toBe(first.audit.id);
    expect(new Set([first.audit.id, ...first.outbox.map((o) => o.id)]).size).toBe(3);
  });
});
