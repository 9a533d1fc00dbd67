import { describe, expect, it } from "@jest/globals";
import { RULE_VERSION } from "../../../lambdas/domain/rule-version.js";
import { createService, webhooksEnabled } from "../../../lambdas/domain/service.js";
import { ValidationError } from "../../../lambdas/domain/errors.js";
import { applyTransition } from "../../../lambdas/domain/transitions.js";
import type { ProfileStatus } from "../../../lambdas/domain/profile.js";
import type { ActorKind } from "../../../lambdas/domain/audit.js";
import {
  isDelivered,
  retryDelaySeconds,
  validateWebhookUrl,
  webhookEventFor,
  webhookPayloadOf,
  WEBHOOK_EVENTS,
} from "../../../lambdas/domain/webhooks/index.js";
import { aProfile } from "../../support/domain-builders.js";

const AT = "2026-02-01T10:00:00.000Z";
const opts = (kind: ActorKind, webhooks: boolean) => ({
  actor: { kind, id: `${kind}-1` },
  reasonCodes: ["TEST"],
  ruleVersion: RULE_VERSION,
  at: AT,
  webhooks,
});

describe("webhook events", () => {
  it.each<[ProfileStatus | null, ProfileStatus, string | null]>([
    [null, "incomplete", "user.created"],
    ["incomplete", "waiting", "user.readyToReview"],
    ["waiting", "inreview", "user.inReview"],
    ["waiting", "approved", "review.approved"],
    ["inreview", "rejected", "review.rejected"],
    ["approved", "blocked", "user.blocked"],
    ["blocked", "approved", "review.approved"],
    ["rejected", "incomplete", null],
  ])("%s -> %s is %s", (from, to, event) => {
    expect(webhookEventFor(from, to)).toBe(event);
  });

  it("uses only Blockpass event names", () => {
    expect([...WEBHOOK_EVENTS].sort()).toEqual(
      [
        "review.approved",
        "review.rejected",
        "user.blocked",
        "user.created",
        "user.deleted",
        "user.inReview",
        "user.readyToReview",
      ].sort(),
    );
  });
});

describe("applyTransition webhook records", () => {
  it("emits one webhook record with the changed profile's status fields when enabled", () => {
    const profile = aProfile({ status: "waiting", version: 3, submitCount: 2 });
    const { outbox } = applyTransition(profile, "approved", opts("bot", true));
    const webhooks = outbox.filter((record) => record.kind === "webhook");
    expect(webhooks).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        kind: "webhook",
        event: "review.approved",
        clientId: profile.clientId,
        refId: profile.refId,
        recordId: profile.recordId,
        status: "approved",
        submitCount: 2,
        isArchived: false,
        at: AT,
        profileVersion: 4,
        waitingDate: profile.waitingDate,
        inreviewDate: null,
        approvedDate: AT,
        rejectedDate: null,
        blockedDate: null,
      },
    ]);
    expect(outbox.map((record) => record.kind).sort()).toEqual(["chain", "user-notification", "webhook"]);
  });

  it("emits nothing for webhooks when the service has none, and nothing for a resubmission", () => {
    const off = applyTransition(aProfile({ status: "waiting" }), "rejected", opts("operator", false));
    expect(off.outbox.filter((record) => record.kind === "webhook")).toEqual([]);
    const resubmitted = applyTransition(
      aProfile({ status: "rejected" }),
      "incomplete",
      opts("customer", true),
    );
    expect(resubmitted.outbox).toEqual([]);
  });

  it("derives the same id for the same change and different ids for different versions", () => {
    const profile = aProfile({ status: "waiting", version: 3 });
    const webhookOf = (result: ReturnType<typeof applyTransition>) =>
      result.outbox.find((record) => record.kind === "webhook");
    const first = webhookOf(applyTransition(profile, "rejected", opts("operator", true)));
    const again = webhookOf(applyTransition(profile, "rejected", opts("operator", true)));
    const later = webhookOf(applyTransition({ ...profile, version: 7 }, "rejected", opts("operator", true)));
    expect(again?.id).toBe(first?.id);
    expect(later?.id).not.toBe(first?.id);
  });

  it("puts no personal data in the payload", () => {
    const profile = aProfile({ status: "waiting" });
    const record = applyTransition(profile, "approved", opts("operator", true)).outbox.find(
      (entry) => entry.kind === "webhook",
    );
    if (record?.kind !== "webhook") throw new Error("no webhook record");
    const payload = webhookPayloadOf(record, "prod");
    expect(Object.keys(payload).sort()).toEqual(
      [
        "guid",
        "status",
        "clientId",
        "event",
        "recordId",
        "refId",
        "submitCount",
        "blockPassID",
        "isArchived",
        "waitingDate",
        "inreviewDate",
        "approvedDate",
        "rejectedDate",
        "blockedDate",
        "isPing",
        "env",
        "webhookId",
        "profileVersion",
        "changedAt",
      ].sort(),
    );
    expect(payload.approvedDate).toBe(record.approvedDate);
    expect(payload.profileVersion).toBe(record.profileVersion);
    const text = JSON.stringify(payload);
    for (const secret of [profile.identity?.givenName, profile.identity?.familyName, profile.identity?.dob]) {
      expect(text).not.toContain(String(secret));
    }
    expect(text).not.toContain(profile.wallet);
    expect(payload.guid).toBe(record.id);
  });
});

describe("webhook settings", () => {
  it("enables webhooks only for services with a URL, and validates it", () => {
    const base = { clientId: "acme", name: "Acme", plan: "managed" as const, createdAt: AT };
    expect(webhooksEnabled(createService(base))).toBe(false);
    expect(webhooksEnabled(createService({ ...base, webhookUrl: "https://acme.example/kyc" }))).toBe(true);
    expect(() => createService({ ...base, webhookUrl: "http://acme.example/kyc" })).toThrow(ValidationError);
    expect(() => validateWebhookUrl("https://user:pw@acme.example/")).toThrow(ValidationError);
    expect(() => validateWebhookUrl("not a url")).toThrow(ValidationError);
    expect(() => validateWebhookUrl("http://127.0.0.1:8080/hook")).not.toThrow();
  });
});

describe("delivery policy", () => {
  it("doubles the delay per attempt up to SQS's 12-hour ceiling", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt, 30))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(40, 30)).toBe(12 * 3600);
  });

  it("counts only 2xx as delivered", () => {
    expect([200, 204, 299].every(isDelivered)).toBe(true);
    expect([199, 301, 400, 429, 500].some(isDelivered)).toBe(false);
  });
});
