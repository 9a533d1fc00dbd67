import { ValidationError } from "../errors.js";
import { requirePlanRules } from "../plan-rules.js";
import type { ServiceRepository } from "../ports.js";
import { operatorAuditEntry } from "../service-audit.js";
import { validateService, type Service } from "../service.js";
import { loadService } from "../use-cases/load.js";
import { NEW_SERVICE_SIGNATURE_FORMAT } from "../webhooks/webhook-secret-generations.js";

/**
 * Fields `service update` never sets: identity, the plan (`service change-plan`, which has chain
 * effects), the registry id, the webhook secret state (`service webhook-rotate`) and bookkeeping.
 */
type FixedField =
  | "clientId"
  | "plan"
  | "createdAt"
  | "onchainServiceId"
  | "webhookSecret"
  | "webhookSignatureFormat"
  | "planChange";

/**
 * The settings an operator may change, each to a new value or (optional ones) to null: removed. Any
 * other Service field is updatable once the handler's schema of updatable fields names it.
 */
export type ServiceChanges = {
  [K in Exclude<keyof Service, FixedField>]?: undefined extends Service[K] ? Service[K] | null : Service[K];
};

export interface UpdateServiceInput {
  clientId: string;
  changes: ServiceChanges;
  operator: string;
  at: string;
}

export interface UpdateServiceResult {
  service: Service;
  /** The fields whose value changed (a field set to its current value is not listed). */
  changed: string[];
}

/**
 * Applies an operator's changes to a service: the result must be a valid service (`validateService`)
 * that the plan allows (`requirePlanRules`). Stored with one SERVICE_UPDATED audit entry naming each
 * changed field and its new value, in the same transaction; a request that changes nothing writes
 * nothing. Settings apply to what happens next (the next decision, delivery, archival run), not to past
 * decisions.
 */
export async function updateService(
  deps: { services: ServiceRepository },
  input: UpdateServiceInput,
): Promise<UpdateServiceResult> {
  const current = await loadService(deps.services, input.clientId);
  const entries = Object.entries(input.changes).filter(([, value]) => value !== undefined);
  if (entries.length === 0) {
    throw new ValidationError("service update needs at least one field to change", "changes");
  }
  const next: Record<string, unknown> = { ...current };
  const changed: string[] = [];
  for (const [field, value] of entries) {
    if (JSON.stringify(current[field as keyof Service]) === JSON.stringify(value ?? undefined)) continue;
    if (value === null) delete next[field];
    else next[field] = value;
    changed.push(field);
  }
  const service = next as unknown as Service;
  if (input.changes.customPolicy != null && service.botPolicy !== "custom") {
    throw new ValidationError(
      "a custom policy needs the custom bot policy (--policy custom)",
      "customPolicy",
    );
  }
  // A custom policy under another bot policy would never be read: leaving `custom` drops it.
  if (service.botPolicy !== "custom" && service.customPolicy !== undefined) {
    delete service.customPolicy;
    if (!changed.includes("customPolicy")) changed.push("customPolicy");
  }
  if (service.webhookUrl !== undefined && service.webhookSignatureFormat === undefined) {
    service.webhookSignatureFormat = NEW_SERVICE_SIGNATURE_FORMAT;
  }
  validateService(service);
  // Rules are checked for every field the request names, changed or not: asking is already refused.
  requirePlanRules(service, new Set(entries.map(([field]) => field as keyof Service)));
  if (changed.length === 0) return { service: current, changed };
  await deps.services.put(
    service,
    operatorAuditEntry({
      clientId: input.clientId,
      action: "SERVICE_UPDATED",
      operator: input.operator,
      at: input.at,
      details: Object.fromEntries(changed.map((field) => [field, auditValueOf(service, field)])),
    }),
  );
  return { service, changed };
}

/** The new value as the audit trail shows it: text, JSON for structured settings, `(removed)`. */
function auditValueOf(service: Service, field: string): string {
  const value = service[field as keyof Service];
  if (value === undefined) return "(removed)";
  return typeof value === "string" ? value : JSON.stringify(value);
}
