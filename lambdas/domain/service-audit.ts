import type { Actor } from "./audit.js";

/**
 * Operator actions on a service itself (profile actions are in each profile's audit trail, `audit.ts`).
 * Names in the style of the profile audit's reason codes.
 */
export const SERVICE_AUDIT_ACTIONS = [
  "SERVICE_CREATED",
  /** A registry service was created for it, or an existing one attached. */
  "SERVICE_REGISTERED",
  /** Settings changed by `service update`; details: each changed field and its new value. */
  "SERVICE_UPDATED",
  /** A plan change recorded (the plan switches at once); details: from, to, changeId. */
  "PLAN_CHANGE_STARTED",
  /** A plan change's chain effects are all queued; details: from, to, changeId, queued intents. */
  "PLAN_CHANGE_COMPLETED",
  "API_KEY_CREATED",
  "API_KEY_REVOKED",
  "API_KEY_ROTATED",
  /** The service's webhook signing secret was given to an operator (to hand to the business). */
  "WEBHOOK_SECRET_ISSUED",
  /** The service's webhook secret moved to a new generation (the previous one signs until `until`). */
  "WEBHOOK_SECRET_ROTATED",
] as const;
export type ServiceAuditAction = (typeof SERVICE_AUDIT_ACTIONS)[number];

/** One operator action on a service: who, what, when. */
export interface ServiceAuditEntry {
  clientId: string;
  action: ServiceAuditAction;
  /** The operator (IAM principal in AWS, OPERATOR locally). */
  actor: Actor;
  at: string;
  /** What the action concerned (key id, scope, plan, registry id…); never a secret or personal data. */
  details: Readonly<Record<string, string>>;
}

export function operatorAuditEntry(input: {
  clientId: string;
  action: ServiceAuditAction;
  operator: string;
  at: string;
  details?: Readonly<Record<string, string>>;
}): ServiceAuditEntry {
  return {
    clientId: input.clientId,
    action: input.action,
    actor: { kind: "operator", id: input.operator },
    at: input.at,
    details: input.details ?? {},
  };
}
