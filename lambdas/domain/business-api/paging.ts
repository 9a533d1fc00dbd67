import type { ProfileStatus } from "../profile.js";

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;
/** Deepest offset served: skipping reads the index up to it, so it is bounded. */
export const MAX_PAGE_SKIP = 100_000;

export interface PageRequest {
  skip: number;
  limit: number;
}

/** How many visible profiles one status holds (statuses in listing order). */
export interface StatusCount {
  status: ProfileStatus;
  count: number;
}

/** One status partition's share of a page: skip `skip` of its rows, then take `take`. */
export interface PartitionSlice {
  status: ProfileStatus;
  skip: number;
  take: number;
}

/**
 * Lays a `skip`/`limit` page over status partitions listed one after another (the stable order of
 * `GET /applicants`: statuses in their lifecycle order, each by last status change). Partitions
 * wholly before the page are skipped by their count, without being read.
 */
export function slicesOf(counts: readonly StatusCount[], page: PageRequest): PartitionSlice[] {
  const slices: PartitionSlice[] = [];
  let toSkip = page.skip;
  let toTake = page.limit;
  for (const { status, count } of counts) {
    if (toTake === 0) break;
    if (toSkip >= count) {
      toSkip -= count;
      continue;
    }
    const take = Math.min(count - toSkip, toTake);
    slices.push({ status, skip: toSkip, take });
    toTake -= take;
    toSkip = 0;
  }
  return slices;
}
