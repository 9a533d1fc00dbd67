/**
 * Ports: what the use cases need from the outside world. Adapters (DynamoDB, SQS, HMAC, S3)
 * implement them; handler files wire them. Interfaces only.
 */
import type { AuditEntry } from "./audit.js";
import type { IdentifierIndexEntry } from "./dedup/identifiers.js";
import type { OutboxRecord, UserNotificationOutboxRecord } from "./outbox.js";
import type { Profile } from "./profile.js";
import type { ServiceAuditEntry } from "./service-audit.js";
import type { Service } from "./service.js";

export interface Page<T> {
  items: T[];
  /** Opaque; null when there is nothing more. */
  cursor: string | null;
}

export interface ServiceRepository {
  get(clientId: string): Promise<Service | null>;
  /** Stores the service; with `audit`, the service and the operator's audit entry in one transaction. */
  put(service: Service, audit?: ServiceAuditEntry): Promise<void>;
  list(cursor: string | null, limit: number): Promise<Page<Service>>;
}

/** The audit trail of operator actions on services (`service-audit.ts`). */
export interface ServiceAuditTrail {
  /** Records an action that changes nothing else (e.g. a secret shown); before its result is released. */
  recordAudit(entry: ServiceAuditEntry): Promise<void>;
  /** A service's entries, oldest first. */
  listAudit(clientId: string): Promise<ServiceAuditEntry[]>;
}

/** Index rows to write with a profile: `put` replaces the profile's rows, `removeHashes` drops stale ones. */
export interface IndexChange {
  put: IdentifierIndexEntry[];
  removeHashes: string[];
}

export interface ProfileCreate {
  profile: Profile;
  /** The creation entry (`from: null`). */
  audit: AuditEntry;
  index: IdentifierIndexEntry[];
  /** Outbox records written in the same transaction (e.g. the `user.created` webhook). */
  outbox?: OutboxRecord[];
}

export type CreateResult = { created: true; profile: Profile } | { created: false; existing: Profile };

/**
 * One atomic write (a single DynamoDB transaction): the profile, conditional on its stored
 * version being `expectedVersion`; the audit entry (required when the status changes); the
 * outbox records; the identifier index changes. Audit and outbox ids are deterministic, so an
 * adapter may also make their puts conditional on absence.
 */
export interface ProfileWrite {
  profile: Profile;
  expectedVersion: number;
  audit: AuditEntry | null;
  outbox: OutboxRecord[];
  index: IndexChange;
}

export interface ProfileRepository {
  get(clientId: string, refId: string): Promise<Profile | null>;
  /** Creates the profile unless a profile with that (clientId, refId) exists. */
  createIfAbsent(create: ProfileCreate): Promise<CreateResult>;
  /** Throws VersionConflictError when the stored version is not `expectedVersion`. */
  save(write: ProfileWrite): Promise<void>;
  /** Audit entries of a profile, oldest first. */
  listAudit(clientId: string, refId: string): Promise<AuditEntry[]>;
}

/** The identifier index: rows sorted by (identifierHash, refId) within a service. */
export interface IdentifierIndex {
  findByHash(clientId: string, identifierHash: string): Promise<IdentifierIndexEntry[]>;
  /** A page of a service's rows in (identifierHash, refId) order, from `cursor` (null: the start). */
  scan(clientId: string, cursor: string | null, limit: number): Promise<Page<IdentifierIndexEntry>>;
}

/** Keyed hash of a plain identifier key (HMAC-SHA-256 with a secret pepper, in an adapter). */
export interface IdentifierHasher {
  hash(identifierKey: string): string;
}

/** A request for the bots to decide a `waiting` profile. */
export interface ReviewRequest {
  clientId: string;
  refId: string;
  /** The version at which the profile became `waiting` (for logs and message dedup ids). */
  profileVersion: number;
}

export interface DecisionQueue {
  enqueue(request: ReviewRequest): Promise<void>;
}

/** Delivers a user notification from the outbox (e-mail, push, webhook: the adapter decides). */
export interface UserNotificationChannel {
  deliver(notification: UserNotificationOutboxRecord): Promise<void>;
}

export interface Clock {
  /** Current time as an ISO-8601 UTC string. */
  now(): string;
}

/** Where an interrupted dedup sweep keeps its progress (an S3 object in production). */
export interface SweepCheckpoint {
  clientId: string;
  startedAt: string;
  /** `scan`: reading the index; `apply`: blocking the duplicates found. */
  phase: "scan" | "apply";
  /** Index cursor of the next page to read (scan phase). */
  cursor: string | null;
  pagesRead: number;
  /** Apply phase: how many duplicate groups are already handled. */
  groupsApplied: number;
  /** Serialized engine state (opaque to the store; tens of MB for a million profiles). */
  engineState: string;
}

export interface SweepCheckpointStore {
  load(clientId: string): Promise<SweepCheckpoint | null>;
  save(checkpoint: SweepCheckpoint): Promise<void>;
  clear(clientId: string): Promise<void>;
}
