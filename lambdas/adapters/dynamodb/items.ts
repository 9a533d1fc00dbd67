import type { AuditEntry } from "../../domain/audit.js";
import type { IdentifierIndexEntry } from "../../domain/dedup/identifiers.js";
import type { OutboxRecord } from "../../domain/outbox.js";
import type { Profile } from "../../domain/profile.js";
import type { Service } from "../../domain/service.js";
import {
  SERVICE_LIST_KEY,
  auditKey,
  identifierKey,
  identifierShardKeyOf,
  identifierShardOf,
  identifierSortKeyOf,
  outboxKey,
  outboxPendingSortKeyOf,
  profileKey,
  recordKeyOf,
  serviceKey,
  statusKeyOf,
  statusSortKeyOf,
} from "./keys.js";

/**
 * Domain object <-> table item codecs. Items carry their keys and index attributes next to the
 * domain fields; decoding picks the domain fields only, so storage attributes never leak out.
 */
export type Item = Record<string, unknown>;

export const ENTITY = {
  service: "service",
  profile: "profile",
  audit: "audit",
  outbox: "outbox",
  identifier: "identifier",
  notice: "notice",
} as const;

export function serviceToItem(service: Service): Item {
  return {
    ...serviceKey(service.clientId),
    entity: ENTITY.service,
    serviceListKey: SERVICE_LIST_KEY,
    serviceListSortKey: service.clientId,
    ...service,
  };
}

export function serviceFromItem(item: Item): Service {
  const service: Service = {
    clientId: item.clientId as string,
    name: item.name as string,
    plan: item.plan as Service["plan"],
    botPolicy: item.botPolicy as Service["botPolicy"],
    advancedBotEnabled: item.advancedBotEnabled as boolean,
    requiredCertificates: item.requiredCertificates as Service["requiredCertificates"],
    retention: item.retention as Service["retention"],
    attestationValidityDays: item.attestationValidityDays as number,
    onchainServiceId: (item.onchainServiceId ?? null) as string | null,
    amlThresholds: item.amlThresholds as Service["amlThresholds"],
    createdAt: item.createdAt as string,
  };
  if (item.customPolicy !== undefined) service.customPolicy = item.customPolicy as Service["customPolicy"];
  if (typeof item.webhookUrl === "string") service.webhookUrl = item.webhookUrl;
  if (item.webhookSignatureFormat === "hex" || item.webhookSignatureFormat === "sha256=") {
    service.webhookSignatureFormat = item.webhookSignatureFormat;
  }
  if (item.amlFullNameMatch === "block" || item.amlFullNameMatch === "weigh-evidence") {
    service.amlFullNameMatch = item.amlFullNameMatch;
  }
  if (item.webhookSecret !== undefined)
    service.webhookSecret = item.webhookSecret as Service["webhookSecret"];
  if (typeof item.kycBotEnabled === "boolean") service.kycBotEnabled = item.kycBotEnabled;
  if (item.planChange !== undefined) service.planChange = item.planChange as Service["planChange"];
  return service;
}

export function profileToItem(profile: Profile): Item {
  return {
    ...profileKey(profile.clientId, profile.refId),
    entity: ENTITY.profile,
    recordKey: recordKeyOf(profile.clientId, profile.recordId),
    statusKey: statusKeyOf(profile.clientId, profile.status),
    statusSortKey: statusSortKeyOf(profile.lastStatusChangeAt, profile.refId),
    ...profile,
  };
}

export function profileFromItem(item: Item): Profile {
  return {
    clientId: item.clientId as string,
    refId: item.refId as string,
    recordId: item.recordId as string,
    wallet: item.wallet as string,
    identity: (item.identity ?? null) as Profile["identity"],
    documents: (item.documents ?? []) as Profile["documents"],
    ipCountry: (item.ipCountry ?? null) as string | null,
    submitCount: item.submitCount as number,
    rejectionCount: (item.rejectionCount ?? 0) as number,
    status: item.status as Profile["status"],
    certificates: (item.certificates ?? []) as Profile["certificates"],
    waitingDate: (item.waitingDate ?? null) as string | null,
    inreviewDate: (item.inreviewDate ?? null) as string | null,
    approvedDate: (item.approvedDate ?? null) as string | null,
    rejectedDate: (item.rejectedDate ?? null) as string | null,
    blockedDate: (item.blockedDate ?? null) as string | null,
    isArchived: (item.isArchived ?? false) as boolean,
    deleted: (item.deleted ?? false) as boolean,
    version: item.version as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    lastStatusChangeAt: item.lastStatusChangeAt as string,
    ...(Array.isArray(item.statusReasonCodes)
      ? { statusReasonCodes: item.statusReasonCodes as string[] }
      : {}),
  };
}

export function auditToItem(entry: AuditEntry): Item {
  return { ...auditKey(entry.clientId, entry.refId, entry.profileVersion), entity: ENTITY.audit, ...entry };
}

export function auditFromItem(item: Item): AuditEntry {
  const entry: AuditEntry = {
    id: item.id as string,
    clientId: item.clientId as string,
    refId: item.refId as string,
    recordId: item.recordId as string,
    from: (item.from ?? null) as AuditEntry["from"],
    to: item.to as AuditEntry["to"],
    actor: item.actor as AuditEntry["actor"],
    reasonCodes: item.reasonCodes as string[],
    ruleVersion: item.ruleVersion as string,
    at: item.at as string,
    profileVersion: item.profileVersion as number,
  };
  if (item.note !== undefined) entry.note = item.note as string;
  if (item.originalRefId !== undefined) entry.originalRefId = item.originalRefId as string;
  if (Array.isArray(item.amlEvidence)) entry.amlEvidence = item.amlEvidence as AuditEntry["amlEvidence"];
  return entry;
}

/** New outbox records are "pending": present in the sparse `pendingOutbox` index until published. */
export function outboxToItem(record: OutboxRecord): Item {
  return {
    ...outboxKey(record.id),
    entity: ENTITY.outbox,
    outboxPendingKey: record.kind,
    outboxPendingSortKey: outboxPendingSortKeyOf(record.at, record.id),
    record,
  };
}

export function outboxFromItem(item: Item): OutboxRecord {
  return item.record as OutboxRecord;
}

export function identifierToItem(entry: IdentifierIndexEntry): Item {
  return {
    ...identifierKey(entry.clientId, entry.identifierHash, entry.refId),
    entity: ENTITY.identifier,
    identifierShardKey: identifierShardKeyOf(entry.clientId, identifierShardOf(entry.identifierHash)),
    identifierSortKey: identifierSortKeyOf(entry.identifierHash, entry.refId),
    clientId: entry.clientId,
    identifierHash: entry.identifierHash,
    refId: entry.refId,
    status: entry.status,
    approvedDate: entry.approvedDate,
    createdAt: entry.createdAt,
  };
}

export function identifierFromItem(item: Item): IdentifierIndexEntry {
  return {
    clientId: item.clientId as string,
    identifierHash: item.identifierHash as string,
    refId: item.refId as string,
    status: item.status as IdentifierIndexEntry["status"],
    approvedDate: (item.approvedDate ?? null) as string | null,
    createdAt: item.createdAt as string,
  };
}
