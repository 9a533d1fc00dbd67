import type { AuditEntry } from "../audit.js";
import type { Profile, ProfileStatus } from "../profile.js";

/** The profile's on-chain record as the archive keeps it: where and until when, not whose wallet. */
export interface ArchivedOnchainRecord {
  chainId: number;
  registry: string;
  serviceId: string;
  /** Seconds since the epoch; 0 when revoked. */
  verifiedUntil: number;
  txHash: string;
  blockNumber: number;
}

/** An audit entry in the archive: operator notes are free text and may name the person, so they stay out. */
export type ArchivedAuditEntry = Omit<AuditEntry, "note">;

/** What the archive bucket holds for one profile: status, dates, on-chain record, audit trail. */
export interface ArchiveRecord {
  schemaVersion: 1;
  clientId: string;
  refId: string;
  recordId: string;
  status: ProfileStatus;
  submitCount: number;
  rejectionCount: number;
  waitingDate: string | null;
  inreviewDate: string | null;
  approvedDate: string | null;
  rejectedDate: string | null;
  blockedDate: string | null;
  createdAt: string;
  lastStatusChangeAt: string;
  isArchived: boolean;
  deleted: boolean;
  archivedAt: string;
  onchain: ArchivedOnchainRecord | null;
  audit: ArchivedAuditEntry[];
}

export function archiveRecordOf(
  profile: Profile,
  audit: readonly AuditEntry[],
  onchain: ArchivedOnchainRecord | null,
  archivedAt: string,
): ArchiveRecord {
  return {
    schemaVersion: 1,
    clientId: profile.clientId,
    refId: profile.refId,
    recordId: profile.recordId,
    status: profile.status,
    submitCount: profile.submitCount,
    rejectionCount: profile.rejectionCount,
    waitingDate: profile.waitingDate,
    inreviewDate: profile.inreviewDate,
    approvedDate: profile.approvedDate,
    rejectedDate: profile.rejectedDate,
    blockedDate: profile.blockedDate,
    createdAt: profile.createdAt,
    lastStatusChangeAt: profile.lastStatusChangeAt,
    isArchived: profile.isArchived,
    deleted: profile.deleted,
    archivedAt,
    onchain:
      onchain === null
        ? null
        : {
            chainId: onchain.chainId,
            registry: onchain.registry,
            serviceId: onchain.serviceId,
            verifiedUntil: onchain.verifiedUntil,
            txHash: onchain.txHash,
            blockNumber: onchain.blockNumber,
          },
    audit: audit.map(withoutNote),
  };
}

function withoutNote(entry: AuditEntry): ArchivedAuditEntry {
  const { note: _note, ...rest } = entry;
  return rest;
}
