import type { FullNameMatchRule } from "./aml/types.js";
import type { CertificateName, CheckCode } from "./certificates.js";
import { DEFAULT_REQUIRED_CERTIFICATES, isCertificateName } from "./certificates.js";
import { ValidationError } from "./errors.js";
import {
  NEW_SERVICE_SIGNATURE_FORMAT,
  type WebhookSecretState,
  type WebhookSignatureFormat,
} from "./webhooks/webhook-secret-generations.js";
import { validateWebhookUrl } from "./webhooks/webhook-url.js";

export type { FullNameMatchRule } from "./aml/types.js";

/** How a 100% AML name match is decided, as a service may configure it. */
export const FULL_NAME_MATCH_RULES = [
  "block",
  "weigh-evidence",
] as const satisfies readonly FullNameMatchRule[];

export const PLANS = ["payg", "self-managed", "managed", "managed-dedicated"] as const;
export type Plan = (typeof PLANS)[number];

export const BOT_POLICY_NAMES = ["standard", "lenient", "strict", "custom"] as const;
export type BotPolicyName = (typeof BOT_POLICY_NAMES)[number];

/** What the Advanced KYC Bot does about one check code. `review` leaves it to a person. */
export type CheckAction = "approve" | "reject" | "block" | "review";

export interface CustomPolicy {
  actions: Partial<Record<CheckCode, CheckAction>>;
  maxRejections: number;
}

export type RetentionMode = { mode: "ongoing" } | { mode: "single-event"; eventEndDate: string };

export interface AmlThresholds {
  /** Score (0..100) at or above which a hit is the same person: block. */
  block: number;
  /** Score at or above which a hit needs a person to look (grey zone). */
  review: number;
}

/** A business using the service (Blockpass: a client, id `clientId`). */
export interface Service {
  clientId: string;
  name: string;
  plan: Plan;
  botPolicy: BotPolicyName;
  customPolicy?: CustomPolicy;
  /** Only meaningful on `self-managed`: the customer ordered the Advanced KYC Bot. */
  advancedBotEnabled: boolean;
  requiredCertificates: CertificateName[];
  retention: RetentionMode;
  attestationValidityDays: number;
  /** The registry's bytes32 service id (hex), null until the service is registered on-chain. */
  onchainServiceId: string | null;
  amlThresholds: AmlThresholds;
  /**
   * A 100% AML name match: `block` (absent; the reference's rule, operators audit the block) or
   * `weigh-evidence` (a contradicting birth date clears it, a different country sends it to review).
   * See docs/decision-core.md for the risk of the latter.
   */
  amlFullNameMatch?: FullNameMatchRule;
  createdAt: string;
  /** Where status-change webhooks go (https); absent: no webhooks. Signing secret: see webhooks. */
  webhookUrl?: string;
  /** The `X-Hub-Signature` form; absent on services stored before it existed (`sha256=`). */
  webhookSignatureFormat?: WebhookSignatureFormat;
  /** Which derived secret generation signs; absent: generation 1, never rotated. */
  webhookSecret?: WebhookSecretState;
  /**
   * Whether the KYC Bot auto-approves all-CLEAR profiles; absent: on. Only pay-as-you-go and
   * self-managed may switch it off (`plan-rules.ts`).
   */
  kycBotEnabled?: boolean;
  /** The latest plan change and how far its effects got (`operator/change-plan.ts`); absent: none yet. */
  planChange?: PlanChange;
}

/** The effects a plan change still has to carry out, in this order. */
export const PLAN_CHANGE_STEPS = ["register", "attest", "revoke", "done"] as const;
export type PlanChangeStep = (typeof PLAN_CHANGE_STEPS)[number];

/**
 * A plan change recorded before any of its effects: the plan itself switches at once (entitlements
 * follow it from that moment), the chain effects run step by step and resume from `step` and `cursor`.
 */
export interface PlanChange {
  /** Deterministic from the service, the plans and `requestedAt`: names the change's chain intents. */
  id: string;
  from: Plan;
  to: Plan;
  requestedAt: string;
  /** Who asked (the operator), kept for the completion's audit entry. */
  operator: string;
  step: PlanChangeStep;
  /** Where the current step's paging stopped (null: at its start). */
  cursor: string | null;
  /** Chain intents queued so far (attest or revoke). */
  queued: number;
  completedAt: string | null;
}

export interface Entitlements {
  kycBot: boolean;
  advancedBot: boolean;
  deduplication: boolean;
  onchainKyc: boolean;
  operatorAccess: boolean;
  weeklyReport: boolean;
  periodicQa: boolean;
}

const MANAGED_PLANS: ReadonlySet<Plan> = new Set(["managed", "managed-dedicated"]);

export function isManagedPlan(plan: Plan): boolean {
  return MANAGED_PLANS.has(plan);
}

/** The plan table of DESIGN.md §4 (from the reference's support matrix). */
export function entitlementsOf(
  service: Pick<Service, "plan" | "advancedBotEnabled" | "kycBotEnabled">,
): Entitlements {
  const managed = isManagedPlan(service.plan);
  const advancedBot = managed || (service.plan === "self-managed" && service.advancedBotEnabled);
  return {
    // Managed plans always run it; pay-as-you-go and self-managed customers may remediate by hand only.
    kycBot: managed || service.kycBotEnabled !== false,
    advancedBot,
    // Deduplication is run by the Advanced KYC Bot, so it goes wherever that bot runs.
    deduplication: advancedBot,
    onchainKyc: managed,
    operatorAccess: managed,
    weeklyReport: service.plan === "managed-dedicated",
    periodicQa: service.plan === "managed-dedicated",
  };
}

/** Whether status changes of the service's profiles produce webhook outbox records. */
export function webhooksEnabled(service: Pick<Service, "webhookUrl">): boolean {
  return service.webhookUrl !== undefined;
}

export const DEFAULT_ATTESTATION_VALIDITY_DAYS = 365;
export const DEFAULT_AML_THRESHOLDS: AmlThresholds = { block: 100, review: 85 };

export type ServiceInput = Pick<Service, "clientId" | "name" | "plan" | "createdAt"> &
  Partial<Omit<Service, "clientId" | "name" | "plan" | "createdAt">>;

/** Builds a service with the documented defaults and checks its invariants. */
export function createService(input: ServiceInput): Service {
  const service: Service = {
    clientId: input.clientId,
    name: input.name,
    plan: input.plan,
    botPolicy: input.botPolicy ?? "standard",
    advancedBotEnabled: input.advancedBotEnabled ?? false,
    requiredCertificates: [...(input.requiredCertificates ?? DEFAULT_REQUIRED_CERTIFICATES)],
    retention: input.retention ?? { mode: "ongoing" },
    attestationValidityDays: input.attestationValidityDays ?? DEFAULT_ATTESTATION_VALIDITY_DAYS,
    onchainServiceId: input.onchainServiceId ?? null,
    amlThresholds: { ...(input.amlThresholds ?? DEFAULT_AML_THRESHOLDS) },
    createdAt: input.createdAt,
  };
  if (input.customPolicy) service.customPolicy = input.customPolicy;
  if (input.webhookUrl !== undefined) service.webhookUrl = input.webhookUrl;
  if (input.webhookUrl !== undefined || input.webhookSignatureFormat !== undefined) {
    service.webhookSignatureFormat = input.webhookSignatureFormat ?? NEW_SERVICE_SIGNATURE_FORMAT;
  }
  if (input.webhookSecret !== undefined) service.webhookSecret = input.webhookSecret;
  if (input.amlFullNameMatch !== undefined) service.amlFullNameMatch = input.amlFullNameMatch;
  if (input.kycBotEnabled !== undefined) service.kycBotEnabled = input.kycBotEnabled;
  validateService(service);
  return service;
}

export function validateService(service: Service): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(service.clientId)) {
    throw new ValidationError("clientId must be 1-64 letters, digits, '_' or '-'", "clientId");
  }
  if (service.name.trim().length === 0 || service.name.length > 200) {
    throw new ValidationError("name must be 1-200 characters", "name");
  }
  if (!(PLANS as readonly string[]).includes(service.plan)) {
    throw new ValidationError(`unknown plan ${service.plan}`, "plan");
  }
  if (!(BOT_POLICY_NAMES as readonly string[]).includes(service.botPolicy)) {
    throw new ValidationError(`unknown bot policy ${service.botPolicy}`, "botPolicy");
  }
  if (
    service.amlFullNameMatch !== undefined &&
    !(FULL_NAME_MATCH_RULES as readonly string[]).includes(service.amlFullNameMatch)
  ) {
    throw new ValidationError(
      `amlFullNameMatch must be one of ${FULL_NAME_MATCH_RULES.join(", ")}`,
      "amlFullNameMatch",
    );
  }
  if (service.botPolicy === "custom" && !service.customPolicy) {
    throw new ValidationError("the custom bot policy needs customPolicy", "customPolicy");
  }
  if (service.customPolicy) {
    const max = service.customPolicy.maxRejections;
    if (!Number.isInteger(max) || max < 0) {
      throw new ValidationError("maxRejections must be a non-negative integer", "customPolicy.maxRejections");
    }
  }
  if (service.requiredCertificates.length === 0) {
    throw new ValidationError("at least one certificate must be required", "requiredCertificates");
  }
  for (const name of service.requiredCertificates) {
    if (!isCertificateName(name)) {
      throw new ValidationError(`unknown certificate ${String(name)}`, "requiredCertificates");
    }
  }
  if (new Set(service.requiredCertificates).size !== service.requiredCertificates.length) {
    throw new ValidationError("required certificates must be distinct", "requiredCertificates");
  }
  if (!Number.isInteger(service.attestationValidityDays) || service.attestationValidityDays < 1) {
    throw new ValidationError(
      "attestationValidityDays must be a positive integer",
      "attestationValidityDays",
    );
  }
  const { block, review } = service.amlThresholds;
  if (!(review >= 0 && review <= block && block <= 100)) {
    throw new ValidationError("AML thresholds need 0 <= review <= block <= 100", "amlThresholds");
  }
  if (service.webhookUrl !== undefined) validateWebhookUrl(service.webhookUrl);
  if (service.retention.mode === "single-event" && Number.isNaN(Date.parse(service.retention.eventEndDate))) {
    throw new ValidationError("eventEndDate must be an ISO date", "retention.eventEndDate");
  }
}
