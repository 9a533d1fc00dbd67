import type { Actor } from "../audit.js";
import { indexEntriesFor } from "../dedup/identifiers.js";
import { NotFoundError, VersionConflictError } from "../errors.js";
import type { Clock, IdentifierHasher, ProfileRepository, ServiceRepository } from "../ports.js";
import type { Profile } from "../profile.js";
import { archiveRecordOf } from "../retention/archive-record.js";
import { identifierRowsExpireAt } from "../retention/identifier-retention.js";
import type { ArchiveStore, OnchainRecordReader, PersonalDataCleanup } from "../retention/ports.js";
import {
  ARCHIVED_ON_REQUEST_REASON,
  ARCHIVED_REASON,
  retentionAuditEntry,
} from "../retention/retention-audit.js";
import { isDueForArchival } from "../retention/schedule.js";
import { archivedProfileOf, holdsDataArchivingRemoves } from "../retention/scrub.js";
import { loadService } from "./load.js";

export interface ArchiveDeps {
  services: ServiceRepository;
  profiles: ProfileRepository;
  hasher: IdentifierHasher;
  clock: Clock;
  archive: ArchiveStore;
  onchain: OnchainRecordReader;
  cleanup: PersonalDataCleanup;
}

export interface ArchiveProfileInput {
  clientId: string;
  refId: string;
  actor: Actor;
  /** `schedule`: the retention job; `request`: the business's Archive Dashboard API. */
  trigger: "schedule" | "request";
  /** Archive only if the retention rules make the profile due at this instant (the job's check). */
  onlyIfDueAt?: string;
}

export interface ArchiveProfileResult {
  /** `archived`: done now; `already-archived`: done before (the archive copy is rewritten). */
  outcome: "archived" | "already-archived" | "not-due";
  profile: Profile;
}

const MAX_ATTEMPTS = 3;

/**
 * Archives one profile: removes its personal data and certificates, the identifier index rows
 * deduplication may no longer keep, and writes the status record with `isArchived: true` in one
 * transaction with the version check; then copies status, dates, on-chain record and audit trail
 * to the archive bucket. The on-chain flag is left until it expires. Re-running it finishes a
 * previous run that stopped after the transaction (the archive copy is written again), and scrubs
 * an archived profile again if a later status change left it holding its wallet.
 */
export async function archiveProfile(
  deps: ArchiveDeps,
  input: ArchiveProfileInput,
): Promise<ArchiveProfileResult> {
  const service = await loadService(deps.services, input.clientId);
  for (let attempt = 1; ; attempt += 1) {
    const profile = await deps.profiles.get(input.clientId, input.refId);
    if (profile === null || profile.deleted) {
      throw new NotFoundError("Profile not found", {
        context: { clientId: input.clientId, refId: input.refId },
      });
    }
    if (profile.isArchived && !holdsDataArchivingRemoves(profile)) {
      await writeArchiveCopy(deps, profile, profile.updatedAt);
      return { outcome: "already-archived", profile };
    }
    if (input.onlyIfDueAt !== undefined && !isDueForArchival(service, profile, input.onlyIfDueAt)) {
      // Its status changed after the job read the index: the clock starts again.
      return { outcome: "not-due", profile };
    }
    const at = deps.clock.now();
    const archived = archivedProfileOf(profile, at);
    const reason = input.trigger === "schedule" ? ARCHIVED_REASON : ARCHIVED_ON_REQUEST_REASON;
    const hashes = indexEntriesFor(profile, (key) => deps.hasher.hash(key)).map((row) => row.identifierHash);
    const rowsExpireAt = identifierRowsExpireAt(service, profile, at);
    // Before the transaction, so a run that stops after it has nothing left to do on the rows.
    if (rowsExpireAt !== null && hashes.length > 0) {
      await deps.cleanup.expireIdentifierRows(profile.clientId, profile.refId, hashes, rowsExpireAt);
    } else if (profile.isArchived) {
      // Rows an earlier archival kept for an approval that no longer stands.
      await deps.cleanup.deleteRetainedIdentifierRows(profile.clientId, profile.refId);
    }
    try {
      await deps.profiles.save({
        profile: archived,
        expectedVersion: profile.version,
        audit: retentionAuditEntry(profile, archived, input.actor, reason),
        outbox: [],
        // Rows dedup may keep stay (and get a TTL below); the others go with the personal data.
        index: { put: [], removeHashes: rowsExpireAt === null ? hashes : [] },
      });
    } catch (error) {
      if (error instanceof VersionConflictError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    await writeArchiveCopy(deps, archived, at);
    return { outcome: "archived", profile: archived };
  }
}

async function writeArchiveCopy(
  deps: Pick<ArchiveDeps, "profiles" | "archive" | "onchain">,
  profile: Profile,
  archivedAt: string,
): Promise<void> {
  const [audit, onchain] = await Promise.all([
    deps.profiles.listAudit(profile.clientId, profile.refId),
    deps.onchain.getProfileRecord(profile.clientId, profile.refId),
  ]);
  await deps.archive.put(archiveRecordOf(profile, audit, onchain, archivedAt));
}
