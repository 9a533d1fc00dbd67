import { indexEntriesFor } from "../dedup/identifiers.js";
import { NotFoundError, VersionConflictError } from "../errors.js";
import { deterministicId } from "../ids.js";
import type { ChainOutboxRecord } from "../outbox.js";
import type { Clock, IdentifierHasher, ProfileRepository, ServiceRepository } from "../ports.js";
import type { Profile } from "../profile.js";
import { archiveRecordOf } from "../retention/archive-record.js";
import type { ArchiveStore, OnchainRecordReader, PersonalDataCleanup } from "../retention/ports.js";
import { ERASED_REASON, retentionAuditEntry } from "../retention/retention-audit.js";
import { erasedProfileOf } from "../retention/scrub.js";
import type { TicketStore } from "../support/ports.js";
import { supportNotificationIdsOf } from "../support/ticket.js";
import { webhooksEnabled } from "../service.js";
import { webhookRecordFor } from "../webhooks/webhook-record.js";
import { loadService } from "./load.js";

export interface EraseDeps {
  services: ServiceRepository;
  profiles: ProfileRepository;
  hasher: IdentifierHasher;
  clock: Clock;
  archive: ArchiveStore;
  onchain: OnchainRecordReader;
  cleanup: PersonalDataCleanup;
  /** The user's support tickets, whose notifications (operator text) the erasure deletes too. */
  tickets: Pick<TicketStore, "list">;
}

export interface EraseProfileInput {
  clientId: string;
  refId: string;
  /** The operator's identity (IAM principal in AWS, `OPERATOR` locally), recorded in the audit entry. */
  operator: string;
}

export interface EraseProfileResult {
  /** `erased`: done now; `already-erased`: done before (the clean-up steps ran again). */
  outcome: "erased" | "already-erased";
  /** Whether this run issued the revocation of the on-chain flag. */
  revoked: boolean;
  profile: Profile;
}

const MAX_ATTEMPTS = 3;
/** Outbox kinds keyed by profile version; support notifications are keyed by ticket version (below). */
const OUTBOX_KINDS = ["chain", "user-notification"] as const;
const TICKET_PAGE_SIZE = 100;

/**
 * A user's data deletion request (all plans: the reference lists data deletion in every support
 * tier). One transaction with the version check removes the personal data, certificates and
 * identifier index rows, sets `deleted: true`, writes an audit entry without personal data and,
 * for a profile that is or was approved, the `chain` revoke outbox record. Then, idempotently: earlier outbox
 * records (chain intents carry the wallet; support notifications carry operator text) are deleted, audit notes removed, index rows an archival
 * kept for deduplication deleted, and an archive copy, if any, rewritten. Re-running on an erased profile repeats only those clean-up steps.
 */
export async function eraseProfile(deps: EraseDeps, input: EraseProfileInput): Promise<EraseProfileResult> {
  const service = await loadService(deps.services, input.clientId);
  for (let attempt = 1; ; attempt += 1) {
    const profile = await deps.profiles.get(input.clientId, input.refId);
    if (profile === null) {
      throw new NotFoundError("Profile not found", {
        context: { clientId: input.clientId, refId: input.refId },
      });
    }
    if (profile.deleted) {
      // The erasure wrote version N; records of versions before it are the ones to clean up.
      await cleanUp(deps, profile, profile.version - 1);
      return { outcome: "already-erased", revoked: false, profile };
    }
    const erased = erasedProfileOf(profile, deps.clock.now());
    const revoke = mayHoldOrAwaitFlag(profile) ? [revokeRecordFor(profile, erased)] : [];
    try {
      await deps.profiles.save({
        profile: erased,
        expectedVersion: profile.version,
        audit: retentionAuditEntry(profile, erased, { kind: "operator", id: input.operator }, ERASED_REASON),
        // The business hears `user.deleted` (status fields only) when it has a webhook URL.
        outbox: webhooksEnabled(service)
          ? [...revoke, webhookRecordFor(erased, "user.deleted", erased.updatedAt)]
          : revoke,
        index: {
          put: [],
          removeHashes: indexEntriesFor(profile, (key) => deps.hasher.hash(key)).map(
            (row) => row.identifierHash,
          ),
        },
      });
    } catch (error) {
      if (error instanceof VersionConflictError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    await cleanUp(deps, erased, profile.version);
    return { outcome: "erased", revoked: revoke.length > 0, profile: erased };
  }
}

/**
 * Whether a revocation is needed: the profile is approved (its flag is live), or was approved and
 * an earlier revocation may still be pending in the outbox records the clean-up deletes. The newest
 * version wins in the chain pipeline, and revoking a wallet without a flag changes nothing on-chain.
 * An archived profile that left `approved` has no wallet left; its revocation went out long before.
 */
function mayHoldOrAwaitFlag(profile: Profile): boolean {
  return profile.approvedDate !== null && profile.wallet !== "";
}

/**
 * Same shape and id scheme as `applyTransition`'s revocations, so the chain pipeline treats it alike;
 * marked as an erasure so that, once it is on-chain, the pipeline also drops its own copies of the wallet.
 */
function revokeRecordFor(before: Profile, erased: Profile): ChainOutboxRecord {
  return {
    id: deterministicId(erased.clientId, erased.refId, erased.version, "chain"),
    kind: "chain",
    intent: "revoke",
    clientId: erased.clientId,
    refId: erased.refId,
    wallet: before.wallet,
    at: erased.updatedAt,
    profileVersion: erased.version,
    erasure: true,
  };
}

async function cleanUp(deps: EraseDeps, erased: Profile, lastVersionBefore: number): Promise<void> {
  const ids: string[] = [];
  for (let version = 1; version <= lastVersionBefore; version += 1) {
    for (const kind of OUTBOX_KINDS) ids.push(deterministicId(erased.clientId, erased.refId, version, kind));
  }
  ids.push(...(await supportNotificationIdsOfUser(deps.tickets, erased.clientId, erased.refId)));
  await deps.cleanup.deleteOutboxRecords(ids);
  await deps.cleanup.removeAuditNotes(erased.clientId, erased.refId);
  await deps.cleanup.deleteRetainedIdentifierRows(erased.clientId, erased.refId);
  if (erased.isArchived || (await deps.archive.get(erased.clientId, erased.refId)) !== null) {
    const [audit, onchain] = await Promise.all([
      deps.profiles.listAudit(erased.clientId, erased.refId),
      deps.onchain.getProfileRecord(erased.clientId, erased.refId),
    ]);
    await deps.archive.put(archiveRecordOf(erased, audit, onchain, erased.updatedAt));
  }
}

/**
 * The ids of every support notification the user's tickets may have written (one per ticket version):
 * they carry the operators' texts, which may name the user.
 */
async function supportNotificationIdsOfUser(
  tickets: Pick<TicketStore, "list">,
  clientId: string,
  refId: string,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await tickets.list(clientId, { refId }, cursor, TICKET_PAGE_SIZE);
    for (const ticket of page.items) ids.push(...supportNotificationIdsOf(ticket));
    cursor = page.cursor;
  } while (cursor !== null);
  return ids;
}
