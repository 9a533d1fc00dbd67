/** Ports of the retention use cases (archival, erasure); adapters in lambdas/adapters. */
import type { ProfileStatus } from "../profile.js";
import type { ArchivedOnchainRecord, ArchiveRecord } from "./archive-record.js";

/** The archive bucket: one record per profile, overwritten on re-archival (idempotent). */
export interface ArchiveStore {
  put(record: ArchiveRecord): Promise<void>;
  get(clientId: string, refId: string): Promise<ArchiveRecord | null>;
}

/** The profile's confirmed on-chain record, if the chain pipeline has one. */
export interface OnchainRecordReader {
  getProfileRecord(clientId: string, refId: string): Promise<ArchivedOnchainRecord | null>;
}

/** A profile the archival job may look at, and where the job resumes after it. */
export interface RetentionCandidate {
  refId: string;
  /** Opaque, ordered position in the service's status listing. */
  position: string;
}

/** A service's profiles in one status, oldest status change first (the status index). */
export interface RetentionCandidates {
  /** Profiles whose last status change is at or before `changedAtOrBefore`, after `after` (null: from the start). */
  list(
    clientId: string,
    status: ProfileStatus,
    changedAtOrBefore: string,
    after: string | null,
    limit: number,
  ): Promise<RetentionCandidate[]>;
}

/**
 * The archival job's high-water mark per (service, status): every candidate up to it was handled.
 * Status changes only move profiles forward in time, so the mark never has to go back.
 */
export interface ArchivalProgressStore {
  load(clientId: string, status: ProfileStatus): Promise<string | null>;
  save(clientId: string, status: ProfileStatus, position: string): Promise<void>;
}

/** Clean-up that cannot share the profile's transaction (unbounded item counts); each step is idempotent. */
export interface PersonalDataCleanup {
  /** Deletes outbox records by id; absent ids are ignored. */
  deleteOutboxRecords(ids: readonly string[]): Promise<void>;
  /** Removes the free-text notes of a profile's audit entries (they may name the person). */
  removeAuditNotes(clientId: string, refId: string): Promise<void>;
  /**
   * Lets a profile's identifier index rows expire at `expiresAt` (epoch seconds) through the table's
   * TTL, and remembers which rows they are: an archived profile no longer has the identifiers to
   * recompute their hashes.
   */
  expireIdentifierRows(
    clientId: string,
    refId: string,
    identifierHashes: readonly string[],
    expiresAt: number,
  ): Promise<void>;
  /** Deletes the rows `expireIdentifierRows` kept for a profile, and the memo of them. */
  deleteRetainedIdentifierRows(clientId: string, refId: string): Promise<void>;
}
