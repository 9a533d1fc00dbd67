/**
 * Operator audit entries of a service, in the service's partition next to its item and key listing:
 * `SERVICE#<clientId>` / `AUDIT#<at>#<action>[#<keyId>]`, so a service's trail is one Query in time
 * order. No index attributes: they stay out of every GSI.
 */
import type { ServiceAuditEntry } from "../../domain/service-audit.js";
import type { Item } from "./items.js";
import { serviceKey } from "./keys.js";

export const SERVICE_AUDIT_PREFIX = "AUDIT#";
export const SERVICE_AUDIT_ENTITY = "service-audit";

export function serviceAuditKey(entry: ServiceAuditEntry): { pk: string; sk: string } {
  const subject = entry.details.keyId === undefined ? "" : `#${entry.details.keyId}`;
  return {
    pk: serviceKey(entry.clientId).pk,
    sk: `${SERVICE_AUDIT_PREFIX}${entry.at}#${entry.action}${subject}`,
  };
}

export function serviceAuditToItem(entry: ServiceAuditEntry): Item {
  return { ...serviceAuditKey(entry), entity: SERVICE_AUDIT_ENTITY, ...entry };
}

export function serviceAuditFromItem(item: Item): ServiceAuditEntry {
  return {
    clientId: item.clientId as string,
    action: item.action as ServiceAuditEntry["action"],
    actor: item.actor as ServiceAuditEntry["actor"],
    at: item.at as string,
    details: (item.details ?? {}) as Record<string, string>,
  };
}
