import { NotEntitledError } from "./errors.js";
import { isManagedPlan, type Plan, type Service } from "./service.js";

/**
 * What a plan lets a service set, from the reference: the KYC Bot is optional on pay-as-you-go ("can
 * also choose to use the KYC Bot") and self-managed ("can be enabled if required"); on managed plans
 * "both the KYC Bot and the Advanced KYC Bot have to be enabled". The Advanced KYC Bot is an order of
 * self-managed customers only (managed plans always have it, pay-as-you-go never). Throws
 * NotEntitledError (403) naming the first rule `service` breaks among the fields in `changed`: a
 * service stored before a rule existed is not refused for fields the request does not touch.
 */
export function requirePlanRules(service: Service, changed: ReadonlySet<keyof Service>): void {
  const refuse = (message: string, field: keyof Service) => {
    throw new NotEntitledError(message, {
      context: { clientId: service.clientId, plan: service.plan, field },
    });
  };
  const touches = (...fields: (keyof Service)[]) => fields.some((field) => changed.has(field));
  if (touches("kycBotEnabled", "plan") && service.kycBotEnabled === false && isManagedPlan(service.plan)) {
    refuse(
      `the KYC Bot is always on for the ${service.plan} plan: it cannot be switched off`,
      "kycBotEnabled",
    );
  }
  if (touches("advancedBotEnabled") && service.plan !== "self-managed") {
    refuse(
      service.plan === "payg"
        ? "the Advanced KYC Bot is not available on pay-as-you-go (self-managed customers can order it)"
        : `the Advanced KYC Bot is always on for the ${service.plan} plan: there is nothing to switch`,
      "advancedBotEnabled",
    );
  }
  if (
    touches("advancedBotEnabled", "kycBotEnabled") &&
    service.plan === "self-managed" &&
    service.advancedBotEnabled &&
    service.kycBotEnabled === false
  ) {
    refuse("the Advanced KYC Bot runs after the KYC Bot: switch the KYC Bot on first", "advancedBotEnabled");
  }
}

/** The bot settings a service keeps when it moves to `plan` (what the new plan allows of the old ones). */
export function botSettingsOn(
  service: Pick<Service, "advancedBotEnabled" | "kycBotEnabled">,
  plan: Plan,
): Pick<Service, "advancedBotEnabled" | "kycBotEnabled"> {
  return {
    // An order of the Advanced KYC Bot belongs to self-managed; managed plans have it anyway.
    advancedBotEnabled: plan === "self-managed" ? service.advancedBotEnabled : false,
    // Managed plans always run the KYC Bot; the off-chain plans keep the customer's choice.
    ...(isManagedPlan(plan) || service.kycBotEnabled === undefined
      ? {}
      : { kycBotEnabled: service.kycBotEnabled }),
  };
}
