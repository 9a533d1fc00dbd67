import { describe, expect, it } from "@jest/globals";
import {
  REJECTION_GUIDANCE,
  RESUBMIT_STEPS,
  rejectionNoticeFor,
} from "../../../lambdas/domain/bots/plan-remediation.js";
import { REMEDIATION_MESSAGES } from "../../../lambdas/domain/bots/remediation.js";
import { PLANS } from "../../../lambdas/domain/service.js";

const CODES = ["DOC_EXPIRED", "LIVENESS_FAILED", "DOC_EXPIRED"];

describe("the plan's rejection text (reference support matrix)", () => {
  it("has one row per plan", () => {
    expect(Object.keys(REJECTION_GUIDANCE).sort()).toEqual([...PLANS].sort());
    expect(REJECTION_GUIDANCE).toEqual({
      payg: "articles",
      "self-managed": "articles",
      managed: "general-advice",
      "managed-dedicated": "exact-reason",
    });
  });

  it.each(["payg", "self-managed"] as const)(
    "%s: generic text and the help articles of each topic",
    (plan) => {
      const notice = rejectionNoticeFor(plan, CODES);
      expect(notice.points).toEqual([]);
      expect(notice.resubmitSteps).toEqual([]);
      expect(notice.articles.map((article) => article.path)).toEqual([
        "identity-document-photo",
        "selfie-and-liveness",
        "resubmit-profile",
      ]);
      expect(JSON.stringify(notice)).not.toContain(REMEDIATION_MESSAGES.DOC_EXPIRED);
    },
  );

  it("managed: general advice per topic, not the exact reason", () => {
    const notice = rejectionNoticeFor("managed", CODES);
    expect(notice.points).toHaveLength(2);
    expect(notice.points[0]).toMatch(/^Check your identity document/);
    expect(notice.points[1]).toMatch(/^Check your selfie/);
    expect(notice.articles).toEqual([]);
    expect(JSON.stringify(notice)).not.toContain(REMEDIATION_MESSAGES.DOC_EXPIRED);
  });

  it("managed-dedicated: the exact reason of each check, once, and how to resubmit", () => {
    const notice = rejectionNoticeFor("managed-dedicated", CODES);
    expect(notice.points).toEqual([REMEDIATION_MESSAGES.DOC_EXPIRED, REMEDIATION_MESSAGES.LIVENESS_FAILED]);
    expect(notice.resubmitSteps).toEqual(RESUBMIT_STEPS);
  });

  it("falls back to a generic line when no code has a user-facing text", () => {
    expect(rejectionNoticeFor("managed-dedicated", ["OPERATOR_NOTE"]).points).toHaveLength(1);
    expect(rejectionNoticeFor("managed", ["OPERATOR_NOTE"]).points).toEqual([]);
    expect(rejectionNoticeFor("payg", []).articles.map((a) => a.path)).toEqual(["resubmit-profile"]);
  });
});
