import { createHmac } from "node:crypto";
import type { AuditEntry } from "../../../../lambdas/domain/audit.js";
import type { IdentifierIndexEntry } from "../../../../lambdas/domain/dedup/identifiers.js";
import { VersionConflictError } from "../../../../lambdas/domain/errors.js";
import type { OutboxRecord } from "../../../../lambdas/domain/outbox.js";
import type {
  Clock,
  CreateResult,
  DecisionQueue,
  IdentifierHasher,
  IdentifierIndex,
  Page,
  ProfileCreate,
  ProfileRepository,
  ProfileWrite,
  ReviewRequest,
  ServiceRepository,
  SweepCheckpoint,
  SweepCheckpointStore,
} from "../../../../lambdas/domain/ports.js";
import type { Profile } from "../../../../lambdas/domain/profile.js";
import type { ServiceAuditEntry } from "../../../../lambdas/domain/service-audit.js";
import type { Service } from "../../../../lambdas/domain/service.js";
import type { DomainDeps } from "../../../../lambdas/domain/use-cases/deps.js";

const clone = <T>(value: T): T => structuredClone(value);

export class InMemoryServices implements ServiceRepository {
  readonly byId = new Map<string, Service>();
  /** Operator audit entries written with services, in order. */
  readonly audit: ServiceAuditEntry[] = [];

  async get(clientId: string): Promise<Service | null> {
    const s = this.byId.get(clientId);
    return s ? clone(s) : null;
  }

  async put(service: Service, audit?: ServiceAuditEntry): Promise<void> {
    this.byId.set(service.clientId, clone(service));
    if (audit !== undefined) this.audit.push(clone(audit));
  }

  async list(cursor: string | null, limit: number): Promise<Page<Service>> {
    const ids = [...this.byId.keys()].sort().filter((id) => cursor === null || id > cursor);
    const items = ids.slice(0, limit).map((id) => clone(this.byId.get(id) as Service));
    return { items, cursor: ids.length > limit ? (ids[limit - 1] ?? null) : null };
  }
}

/** Test double of the profile table and its identifier index: same atomicity and version semantics. */
export class InMemoryStore implements ProfileRepository, IdentifierIndex {
  readonly profilesByKey = new Map<string, Profile>();
  readonly audit: AuditEntry[] = [];
  readonly outbox = new Map<string, OutboxRecord>();
  /** clientId -> "hash\0refId" -> row */
  readonly indexRows = new Map<string, Map<string, IdentifierIndexEntry>>();
  writes = 0;
  /** Called before each save; a test can make a concurrent write happen there. */
  beforeSave: ((write: ProfileWrite) => void) | null = null;

  async get(clientId: string, refId: string): Promise<Profile | null> {
    const p = this.profilesByKey.get(`${clientId}#${refId}`);
    return p ? clone(p) : null;
  }

  profile(clientId: string, refId: string): Profile {
    const p = this.profilesByKey.get(`${clientId}#${refId}`);
    if (!p) throw new Error(`no profile ${refId}`);
    return clone(p);
  }

  async createIfAbsent(create: ProfileCreate): Promise<CreateResult> {
    const key = `${create.profile.clientId}#${create.profile.refId}`;
    const existing = this.profilesByKey.get(key);
    if (existing) return { created: false, existing: clone(existing) };
    this.profilesByKey.set(key, clone(create.profile));
    this.audit.push(clone(create.audit));
    for (const record of create.outbox ?? []) this.outbox.set(record.id, clone(record));
    this.applyIndex(create.profile, { put: create.index, removeHashes: [] });
    this.writes++;
    return { created: true, profile: clone(create.profile) };
  }

  async save(write: ProfileWrite): Promise<void> {
    this.beforeSave?.(write);
    const key = `${write.profile.clientId}#${write.profile.refId}`;
    const stored = this.profilesByKey.get(key);
    if (!stored || stored.version !== write.expectedVersion) {
      throw new VersionConflictError("version check failed", {
        context: { refId: write.profile.refId, expected: write.expectedVersion, actual: stored?.version },
      });
    }
    this.profilesByKey.set(key, clone(write.profile));
    if (write.audit) this.audit.push(clone(write.audit));
    for (const record of write.outbox) this.outbox.set(record.id, clone(record));
    this.applyIndex(write.profile, write.index);
    this.writes++;
  }

  async listAudit(clientId: string, refId: string): Promise<AuditEntry[]> {
    return this.audit.filter((a) => a.clientId === clientId && a.refId === refId).map(clone);
  }

  async findByHash(clientId: string, identifierHash: string): Promise<IdentifierIndexEntry[]> {
    const rows = this.indexRows.get(clientId) ?? new Map<string, IdentifierIndexEntry>();
    return [...rows.values()].filter((r) => r.identifierHash === identifierHash).map(clone);
  }

  async scan(clientId: string, cursor: string | null, limit: number): Promise<Page<IdentifierIndexEntry>> {
    const rows = this.indexRows.get(clientId) ?? new Map<string, IdentifierIndexEntry>();
    const keys = [...rows.keys()].sort().filter((k) => cursor === null || k > cursor);
    const pageKeys = keys.slice(0, limit);
    return {
      items: pageKeys.map((k) => clone(rows.get(k) as IdentifierIndexEntry)),
      cursor: keys.length > limit ? (pageKeys[pageKeys.length - 1] ?? null) : null,
    };
  }

  private applyIndex(profile: Profile, change: ProfileWrite["index"]): void {
    let rows = this.indexRows.get(profile.clientId);
    if (!rows) {
      rows = new Map();
      this.indexRows.set(profile.clientId, rows);
    }
    for (const hash of change.removeHashes) rows.delete(`${hash}\u0000${profile.refId}`);
    for (const row of change.put) rows.set(`${row.identifierHash}\u0000${row.refId}`, clone(row));
  }
}

export class RecordingQueue implements DecisionQueue {
  readonly requests: ReviewRequest[] = [];
  failNext = false;
  async enqueue(request: ReviewRequest): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("queue unavailable");
    }
    this.requests.push({ ...request });
  }
}

export class HmacHasher implements IdentifierHasher {
  constructor(private readonly pepper = "test-pepper") {}
  hash(identifierKey: string): string {
    return createHmac("sha256", this.pepper).update(identifierKey).digest("hex");
  }
}

/** A clock that advances one second per reading, so every event has its own time. */
export class SteppingClock implements Clock {
  private t: number;
  constructor(start = "2026-01-01T00:00:00.000Z") {
    this.t = Date.parse(start);
  }
  now(): string {
    const iso = new Date(this.t).toISOString();
    this.t += 1000;
    return iso;
  }
}

export class InMemoryCheckpoints implements SweepCheckpointStore {
  readonly saved = new Map<string, SweepCheckpoint>();
  async load(clientId: string): Promise<SweepCheckpoint | null> {
    const c = this.saved.get(clientId);
    return c ? clone(c) : null;
  }
  async save(checkpoint: SweepCheckpoint): Promise<void> {
    this.saved.set(checkpoint.clientId, clone(checkpoint));
  }
  async clear(clientId: string): Promise<void> {
    this.saved.delete(clientId);
  }
}

export interface TestWorld extends DomainDeps {
  store: InMemoryStore;
  services: InMemoryServices;
  queue: RecordingQueue;
  checkpoints: InMemoryCheckpoints;
}

export function createWorld(): TestWorld {
  const store = new InMemoryStore();
  return {
    store,
    services: new InMemoryServices(),
    profiles: store,
    index: store,
    hasher: new HmacHasher(),
    queue: new RecordingQueue(),
    clock: new SteppingClock(),
    checkpoints: new InMemoryCheckpoints(),
  };
}
