import { describe, expect, it } from "@jest/globals";
import { NotEntitledError } from "../../../lambdas/domain/errors.js";
import { planChangeSteps } from "../../../lambdas/domain/operator/change-plan.js";
import { botSettingsOn, requirePlanRules } from "../../../lambdas/domain/plan-rules.js";
import { entitlementsOf, PLANS, type Plan } from "../../../lambdas/domain/service.js";
import { aService } from "../../support/domain-builders.js";

describe("plan rules and plan changes", () => {
  it("lets only pay-as-you-go and self-managed switch the KYC Bot off", () => {
    for (const plan of PLANS) {
      const entitled = entitlementsOf({ plan, advancedBotEnabled: false, kycBotEnabled: false }).kycBot;
      expect([plan, entitled]).toEqual([plan, plan === "managed" || plan === "managed-dedicated"]);
      const service = aService({ plan, kycBotEnabled: false });
      const check = () => requirePlanRules(service, new Set(["kycBotEnabled"]));
      if (plan.startsWith("managed")) expect(check).toThrow(NotEntitledError);
      else expect(check).not.toThrow();
    }
  });

  it("checks only the fields a request names", () => {
    const legacy = aService({ plan: "payg", advancedBotEnabled: true });
    expect(() => requirePlanRules(legacy, new Set(["name"]))).not.toThrow();
    expect(() => requirePlanRules(legacy, new Set(["advancedBotEnabled"]))).toThrow(/pay-as-you-go/);
  });

  it("keeps the bot settings the new plan allows", () => {
    const ordered = { advancedBotEnabled: true, kycBotEnabled: false };
    expect(botSettingsOn(ordered, "self-managed")).toEqual(ordered);
    expect(botSettingsOn(ordered, "payg")).toEqual({ advancedBotEnabled: false, kycBotEnabled: false });
    expect(botSettingsOn(ordered, "managed")).toEqual({ advancedBotEnabled: false });
  });

  it.each([
    ["payg", "managed", ["register", "attest", "done"]],
    ["self-managed", "managed-dedicated", ["register", "attest", "done"]],
    ["managed", "payg", ["revoke", "done"]],
    ["managed-dedicated", "self-managed", ["revoke", "done"]],
    ["managed", "managed-dedicated", ["done"]],
    ["payg", "self-managed", ["done"]],
  ] as [Plan, Plan, string[]][])("%s to %s runs %j", (from, to, steps) => {
    expect(planChangeSteps(from, to)).toEqual(steps);
  });
});
