import type { ApiKey, ApiKeySummary } from "../../../../lambdas/domain/api-keys/api-key.js";
import { summaryOfKey } from "../../../../lambdas/domain/api-keys/api-key.js";
import type { FailureSubject, FailureWindow } from "../../../../lambdas/domain/api-keys/failure-limiter.js";
import type { ApiKeyStore, AuthFailureCounter } from "../../../../lambdas/domain/api-keys/ports.js";
import { ConflictError } from "../../../../lambdas/domain/errors.js";
import type { Clock } from "../../../../lambdas/domain/ports.js";
import type { ServiceAuditEntry } from "../../../../lambdas/domain/service-audit.js";
import type { Service } from "../../../../lambdas/domain/service.js";

/** The ports' contracts in memory, for unit tests of the use cases (the DynamoDB adapters have their own tests). */
export class InMemoryApiKeyStore implements ApiKeyStore {
  readonly keys = new Map<string, ApiKey>();
  /** Audit entries written with the changes, in order. */
  readonly audit: ServiceAuditEntry[] = [];

  async get(keyId: string): Promise<ApiKey | null> {
    const key = this.keys.get(keyId);
    return key === undefined ? null : { ...key };
  }

  async create(key: ApiKey, audit: ServiceAuditEntry): Promise<void> {
    this.store(key);
    this.audit.push(audit);
  }

  async listByService(clientId: string): Promise<ApiKeySummary[]> {
    return [...this.keys.values()]
      .filter((key) => key.clientId === clientId)
      .map(summaryOfKey)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  async revoke(change: {
    keyId: string;
    clientId: string;
    at: string;
    by: string;
    audit: ServiceAuditEntry;
  }): Promise<void> {
    const key = this.activeKey(change.keyId, change.clientId);
    this.keys.set(key.keyId, { ...key, status: "revoked", revokedAt: change.at, revokedBy: change.by });
    this.audit.push(change.audit);
  }

  async rotate(change: {
    keyId: string;
    clientId: string;
    expiresAt: number;
    replacement: ApiKey;
    audit: ServiceAuditEntry;
  }): Promise<void> {
    const old = this.activeKey(change.keyId, change.clientId);
    this.store(change.replacement);
    this.keys.set(old.keyId, { ...old, expiresAt: change.expiresAt, replacedBy: change.replacement.keyId });
    this.audit.push(change.audit);
  }

  async recordUse(keyId: string, at: string, unlessSince: string): Promise<void> {
    const key = this.keys.get(keyId);
    if (key !== undefined && (key.lastUsedAt === null || key.lastUsedAt < unlessSince)) {
      this.keys.set(keyId, { ...key, lastUsedAt: at });
    }
  }

  private store(key: ApiKey): void {
    if (this.keys.has(key.keyId)) {
      throw new ConflictError("the key id is already taken", {
        context: { collision: "keyId", keyId: key.keyId },
      });
    }
    this.keys.set(key.keyId, { ...key });
  }

  private activeKey(keyId: string, clientId: string): ApiKey {
    const key = this.keys.get(keyId);
    if (key === undefined || key.clientId !== clientId || key.status !== "active") {
      throw new ConflictError("the key is not active any more", { context: { keyId, notActive: true } });
    }
    return key;
  }
}

export class InMemoryFailureCounter implements AuthFailureCounter {
  readonly failures = new Map<string, number>();

  async counts(subjects: readonly FailureSubject[], window: FailureWindow): Promise<number[]> {
    return subjects.map((subject) => this.failures.get(keyOf(subject, window)) ?? 0);
  }

  async record(subjects: readonly FailureSubject[], window: FailureWindow): Promise<void> {
    for (const subject of subjects) {
      const key = keyOf(subject, window);
      this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
    }
  }
}

function keyOf(subject: FailureSubject, window: FailureWindow): string {
  return `${subject.kind}:${subject.kind === "key" ? subject.keyId : subject.address}:${window.start}`;
}

export class InMemoryServices {
  readonly services = new Map<string, Service>();

  constructor(...services: Service[]) {
    for (const service of services) this.services.set(service.clientId, service);
  }

  async get(clientId: string): Promise<Service | null> {
    return this.services.get(clientId) ?? null;
  }
}

/** A clock tests move by hand. */
export class SettableClock implements Clock {
  constructor(private instant: string) {}

  now(): string {
    return this.instant;
  }

  set(instant: string): void {
    this.instant = instant;
  }

  advanceSeconds(seconds: number): void {
    this.instant = new Date(Date.parse(this.instant) + seconds * 1000).toISOString();
  }
}

/** Deterministic "random" bytes: a counter, so every generated key differs and tests are reproducible. */
export function countingRandomBytes(seed = 1): (size: number) => Uint8Array {
  let counter = seed;
  return (size) => {
    const bytes = new Uint8Array(size);
    for (let index = 0; index < size; index += 1) bytes[index] = (counter * 31 + index * 7) & 0xff;
    counter += 1;
    return bytes;
  };
}
