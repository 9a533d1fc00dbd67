import { DomainError } from "../errors.js";
import type { ProfileStatus } from "../profile.js";
import { PROFILE_STATUSES } from "../profile.js";
import type { IdentifierIndexEntry } from "./identifiers.js";
import type { GroupResolution } from "./resolve-group.js";
import { compareOriginality, isSettledByDedup, timeOf } from "./resolve-group.js";

/** Index rows reached the engine out of (identifierHash, refId) order. */
export class UnsortedIndexError extends DomainError {
  override readonly name: string = "UnsortedIndexError";
}

export interface SweepGroupResult extends GroupResolution {
  originalRefId: string;
}

type SweepEntry = Pick<
  IdentifierIndexEntry,
  "identifierHash" | "refId" | "status" | "approvedDate" | "createdAt"
>;

const APPROVED = PROFILE_STATUSES.indexOf("approved");
/** Per status code: whether deduplication settles a profile in it (see isSettledByDedup). */
const SETTLED: readonly boolean[] = PROFILE_STATUSES.map((s) => isSettledByDedup(s));
const INITIAL_CAPACITY = 1024;

/**
 * Streaming deduplication over the identifier index. Rows arrive sorted by identifier hash, so
 * the profiles sharing an identifier are consecutive: each row is unioned with the previous row
 * of the same hash. State is one dense integer per profile plus typed arrays (union-find parent
 * and size, status, approval and creation times): O(N) time and memory in the number of profiles,
 * independent of the number of rows. The state can be serialized to resume an interrupted sweep.
 */
export class DedupSweepEngine {
  private readonly nodeOf = new Map<string, number>();
  private refIds: string[] = [];
  private parent = new Int32Array(INITIAL_CAPACITY);
  private size = new Int32Array(INITIAL_CAPACITY);
  private status = new Uint8Array(INITIAL_CAPACITY);
  private approvedAt = new Float64Array(INITIAL_CAPACITY);
  private createdAt = new Float64Array(INITIAL_CAPACITY);
  private lastHash: string | null = null;
  private lastRefId: string | null = null;
  private lastNode = -1;
  private rows = 0;

  get profileCount(): number {
    return this.refIds.length;
  }

  get rowCount(): number {
    return this.rows;
  }

  add(entry: SweepEntry): void {
    const node = this.nodeFor(entry);
    const { identifierHash, refId } = entry;
    if (this.lastHash !== null) {
      const order = identifierHash < this.lastHash ? -1 : identifierHash > this.lastHash ? 1 : 0;
      if (order < 0 || (order === 0 && this.lastRefId !== null && refId < this.lastRefId)) {
        throw new UnsortedIndexError("identifier index rows must arrive sorted by (identifierHash, refId)", {
          context: { rows: this.rows },
        });
      }
      if (order === 0) this.union(this.lastNode, node);
    }
    this.lastHash = identifierHash;
    this.lastRefId = refId;
    this.lastNode = node;
    this.rows++;
  }

  addAll(entries: Iterable<SweepEntry>): void {
    for (const entry of entries) this.add(entry);
  }

  /** The groups with an approved original and at least one decided profile left to block. */
  resolve(): SweepGroupResult[] {
    const n = this.refIds.length;
    const original = new Int32Array(n).fill(-1);
    const root = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = this.find(i);
      root[i] = r;
      if (this.status[i] !== APPROVED) continue;
      const best = original[r] ?? -1;
      if (best === -1 || this.earlier(i, best)) original[r] = i;
    }
    const groups = new Map<number, SweepGroupResult>();
    for (let i = 0; i < n; i++) {
      const r = root[i] ?? i;
      const o = original[r] ?? -1;
      if (o === -1 || o === i || SETTLED[this.status[i] ?? 0] !== true) continue;
      let group = groups.get(r);
      if (group === undefined) {
        group = { originalRefId: this.refIdAt(o), toBlock: [] };
        groups.set(r, group);
      }
      group.toBlock.push(this.refIdAt(i));
    }
    const result = [...groups.values()];
    for (const group of result) group.toBlock.sort();
    return result.sort((a, b) => (a.originalRefId < b.originalRefId ? -1 : 1));
  }

  serialize(): string {
    const n = this.refIds.length;
    return JSON.stringify({
      v: 1,
      refIds: this.refIds,
      parent: Array.from(this.parent.subarray(0, n)),
      size: Array.from(this.size.subarray(0, n)),
      status: Array.from(this.status.subarray(0, n)),
      approvedAt: Array.from(this.approvedAt.subarray(0, n), (t) => (Number.isFinite(t) ? t : null)),
      createdAt: Array.from(this.createdAt.subarray(0, n), (t) => (Number.isFinite(t) ? t : null)),
      lastHash: this.lastHash,
      lastRefId: this.lastRefId,
      lastNode: this.lastNode,
      rows: this.rows,
    });
  }

  static deserialize(state: string): DedupSweepEngine {
    const data = JSON.parse(state) as SerializedState;
    if (data.v !== 1) throw new DomainError("unknown dedup sweep state version", { context: { v: data.v } });
    const engine = new DedupSweepEngine();
    const n = data.refIds.length;
    engine.ensureCapacity(n);
    engine.refIds = data.refIds;
    data.refIds.forEach((refId, i) => engine.nodeOf.set(refId, i));
    engine.parent.set(data.parent);
    engine.size.set(data.size);
    engine.status.set(data.status);
    engine.approvedAt.set(data.approvedAt.map((t) => t ?? Number.POSITIVE_INFINITY));
    engine.createdAt.set(data.createdAt.map((t) => t ?? Number.POSITIVE_INFINITY));
    engine.lastHash = data.lastHash;
    engine.lastRefId = data.lastRefId;
    engine.lastNode = data.lastNode;
    engine.rows = data.rows;
    return engine;
  }

  private nodeFor(entry: SweepEntry): number {
    let node = this.nodeOf.get(entry.refId);
    if (node === undefined) {
      node = this.refIds.length;
      this.ensureCapacity(node + 1);
      this.nodeOf.set(entry.refId, node);
      this.refIds.push(entry.refId);
      this.parent[node] = node;
      this.size[node] = 1;
      // Creation time never changes: parse it once per profile.
      this.createdAt[node] = timeOf(entry.createdAt);
    }
    // Every row of a profile carries its status; the latest row read wins.
    const status = statusCode(entry.status);
    this.status[node] = status;
    // Only approved profiles compete to be the original; skip parsing dates of the others.
    this.approvedAt[node] = status === APPROVED ? timeOf(entry.approvedDate) : Number.POSITIVE_INFINITY;
    return node;
  }

  private earlier(a: number, b: number): boolean {
    return (
      compareOriginality(
        this.approvedAt[a] ?? Infinity,
        this.createdAt[a] ?? Infinity,
        this.refIdAt(a),
        this.approvedAt[b] ?? Infinity,
        this.createdAt[b] ?? Infinity,
        this.refIdAt(b),
      ) < 0
    );
  }

  private refIdAt(node: number): string {
    return this.refIds[node] ?? "";
  }

  private find(node: number): number {
    let x = node;
    const parent = this.parent;
    while ((parent[x] ?? x) !== x) {
      const grand = parent[parent[x] ?? x] ?? x;
      parent[x] = grand; // path halving
      x = grand;
    }
    return x;
  }

  private union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if ((this.size[ra] ?? 1) < (this.size[rb] ?? 1)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] ?? 1) + (this.size[rb] ?? 1);
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.parent.length) return;
    let capacity = this.parent.length;
    while (capacity < needed) capacity *= 2;
    this.parent = grow(this.parent, new Int32Array(capacity));
    this.size = grow(this.size, new Int32Array(capacity));
    this.status = grow(this.status, new Uint8Array(capacity));
    this.approvedAt = grow(this.approvedAt, new Float64Array(capacity));
    this.createdAt = grow(this.createdAt, new Float64Array(capacity));
  }
}

interface SerializedState {
  v: number;
  refIds: string[];
  parent: number[];
  size: number[];
  status: number[];
  approvedAt: (number | null)[];
  createdAt: (number | null)[];
  lastHash: string | null;
  lastRefId: string | null;
  lastNode: number;
  rows: number;
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const STATUS_CODES: ReadonlyMap<string, number> = new Map(PROFILE_STATUSES.map((s, i) => [s, i]));

function statusCode(status: ProfileStatus): number {
  const code = STATUS_CODES.get(status);
  if (code === undefined) throw new DomainError(`unknown profile status ${String(status)}`);
  return code;
}
