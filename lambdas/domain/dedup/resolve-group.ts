import type { ProfileStatus } from "../profile.js";

/** What the dedup rules need to know about one profile of a duplicate group. */
export interface DedupMember {
  refId: string;
  status: ProfileStatus;
  approvedDate: string | null;
  createdAt: string;
}

export interface GroupResolution {
  /** The earliest approved profile, or null when none of the group is approved. */
  originalRefId: string | null;
  /** The other decided members (approved or rejected), in refId order. */
  toBlock: string[];
}

/**
 * Deduplication settles only profiles the KYC decision has reached (reference: verification
 * first, deduplication after). An undecided member (`incomplete`, `waiting`, `inreview`) is left
 * alone and settled by the real-time pass when its own decision lands; a blocked one is settled.
 */
export function isSettledByDedup(status: ProfileStatus): boolean {
  return status === "approved" || status === "rejected";
}

/**
 * The reference rules for one group of profiles sharing identifiers: keep the APPROVED profile as
 * original and block the other decided ones; with several approved, the earliest approved is the
 * original. A group without an approved profile is left alone (there is nothing to protect yet).
 */
export function resolveGroup(members: readonly DedupMember[]): GroupResolution {
  let original: DedupMember | null = null;
  for (const member of members) {
    if (member.status !== "approved") continue;
    if (original === null || approvedEarlier(member, original)) original = member;
  }
  if (original === null) return { originalRefId: null, toBlock: [] };
  const originalRefId = original.refId;
  const toBlock = members
    .filter((m) => m.refId !== originalRefId && isSettledByDedup(m.status))
    .map((m) => m.refId)
    .sort();
  return { originalRefId, toBlock };
}

/** Order of originality: approval time, then creation time, then refId (a total order). */
export function approvedEarlier(a: DedupMember, b: DedupMember): boolean {
  return (
    compareOriginality(
      timeOf(a.approvedDate),
      timeOf(a.createdAt),
      a.refId,
      timeOf(b.approvedDate),
      timeOf(b.createdAt),
      b.refId,
    ) < 0
  );
}

export function timeOf(iso: string | null): number {
  if (iso === null) return Number.POSITIVE_INFINITY;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

export function compareOriginality(
  approvedA: number,
  createdA: number,
  refA: string,
  approvedB: number,
  createdB: number,
  refB: string,
): number {
  if (approvedA !== approvedB) return approvedA < approvedB ? -1 : 1;
  if (createdA !== createdB) return createdA < createdB ? -1 : 1;
  return refA < refB ? -1 : refA > refB ? 1 : 0;
}
