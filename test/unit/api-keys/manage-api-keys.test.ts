import { beforeEach, describe, expect, it } from "@jest/globals";
import { authorizeRequest } from "../../../lambdas/domain/api-keys/authorize.js";
import { DEFAULT_FAILURE_LIMITS } from "../../../lambdas/domain/api-keys/failure-limiter.js";
import {
  createApiKey,
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
  type ManageApiKeysDeps,
} from "../../../lambdas/domain/api-keys/manage-api-keys.js";
import {
  ConflictError,
  NotEntitledError,
  NotFoundError,
  ValidationError,
} from "../../../lambdas/domain/errors.js";
import { aService, T0 } from "../../support/domain-builders.js";
import {
  countingRandomBytes,
  InMemoryApiKeyStore,
  InMemoryFailureCounter,
  InMemoryServices,
  SettableClock,
} from "./support/in-memory-api-keys.js";

let apiKeys: InMemoryApiKeyStore;
let clock: SettableClock;
let deps: ManageApiKeysDeps;

beforeEach(() => {
  apiKeys = new InMemoryApiKeyStore();
  clock = new SettableClock(T0);
  deps = {
    apiKeys,
    services: new InMemoryServices(
      aService({ clientId: "acme" }),
      aService({ clientId: "shop", plan: "payg" }),
    ),
    clock,
    randomBytes: countingRandomBytes(),
  };
});

const authorize = (authorization: string) =>
  authorizeRequest(
    {
      apiKeys,
      failures: new InMemoryFailureCounter(),
      services: deps.services,
      clock,
      limits: DEFAULT_FAILURE_LIMITS,
    },
    { authorization, sourceIp: "203.0.113.1", route: { scope: "status", clientId: "acme" } },
  );

describe("managing API keys", () => {
  it("creates a key bound to one service and scope, stores only the hash, and lists it", async () => {
    const issued = await createApiKey(deps, { clientId: "acme", scope: "status", operator: "alice" });
    expect(issued.key).toEqual({
      keyId: expect.stringMatching(/^[a-z2-7]{16}$/),
      clientId: "acme",
      scope: "status",
      status: "active",
      createdAt: T0,
      createdBy: "alice",
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      revokedBy: null,
      rotatedFrom: null,
      replacedBy: null,
    });
    expect(issued.key).not.toHaveProperty("secretHash");
    const stored = apiKeys.keys.get(issued.key.keyId);
    expect(JSON.stringify(stored)).not.toContain(issued.plaintext.slice(-43));
    expect(await listApiKeys(deps, { clientId: "acme" })).toEqual([issued.key]);
    expect(await listApiKeys(deps, { clientId: "shop" })).toEqual([]);
  });

  it("refuses identity keys on managed plans, unknown scopes and unknown services, storing nothing", async () => {
    await expect(
      createApiKey(deps, { clientId: "acme", scope: "status+identity", operator: "alice" }),
    ).rejects.toBeInstanceOf(NotEntitledError);
    await expect(
      createApiKey(deps, { clientId: "acme", scope: "admin", operator: "alice" }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      createApiKey(deps, { clientId: "nobody", scope: "status", operator: "alice" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(listApiKeys(deps, { clientId: "nobody" })).rejects.toBeInstanceOf(NotFoundError);
    expect(apiKeys.keys.size).toBe(0);
    const identity = await createApiKey(deps, {
      clientId: "shop",
      scope: "status+identity",
      operator: "alice",
    });
    expect(identity.key.scope).toBe("status+identity");
  });

  it("retries a key id collision with fresh material", async () => {
    const repeating = countingRandomBytes(7);
    const first = await createApiKey(
      { ...deps, randomBytes: repeating },
      { clientId: "acme", scope: "status", operator: "a" },
    );
    // Replay the same random stream: the first attempt collides, the second gets new bytes.
    const replay = countingRandomBytes(7);
    const second = await createApiKey(
      { ...deps, randomBytes: replay },
      { clientId: "acme", scope: "status", operator: "a" },
    );
    expect(second.key.keyId).not.toBe(first.key.keyId);
    expect(apiKeys.keys.size).toBe(2);
  });

  it("revokes a key of its own service only, idempotently", async () => {
    const { key, plaintext } = await createApiKey(deps, {
      clientId: "acme",
      scope: "status",
      operator: "alice",
    });
    await expect(
      revokeApiKey(deps, { clientId: "shop", keyId: key.keyId, operator: "bob" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      revokeApiKey(deps, { clientId: "acme", keyId: "not-a-key-id", operator: "bob" }),
    ).rejects.toBeInstanceOf(ValidationError);
    clock.advanceSeconds(5);
    const revoked = await revokeApiKey(deps, { clientId: "acme", keyId: key.keyId, operator: "bob" });
    expect(revoked).toMatchObject({ status: "revoked", revokedBy: "bob", revokedAt: clock.now() });
    clock.advanceSeconds(5);
    expect(await revokeApiKey(deps, { clientId: "acme", keyId: key.keyId, operator: "carol" })).toEqual(
      revoked,
    );
    expect(await authorize(plaintext)).toMatchObject({ outcome: "unauthorized", reason: "revoked" });
  });

  it("audits each change with the operator who made it, and nothing for refusals or repeats", async () => {
    await expect(
      createApiKey(deps, { clientId: "acme", scope: "status+identity", operator: "mallory" }),
    ).rejects.toBeInstanceOf(NotEntitledError);
    const created = await createApiKey(deps, { clientId: "acme", scope: "status", operator: "alice" });
    const keyId = created.key.keyId;
    clock.advanceSeconds(10);
    const rotated = await rotateApiKey(deps, {
      clientId: "acme",
      keyId,
      overlapSeconds: 60,
      operator: "bob",
    });
    clock.advanceSeconds(10);
    await revokeApiKey(deps, { clientId: "acme", keyId: rotated.key.keyId, operator: "carol" });
    await revokeApiKey(deps, { clientId: "acme", keyId: rotated.key.keyId, operator: "carol" });
    const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
    expect(apiKeys.audit).toEqual([
      {
        clientId: "acme",
        action: "API_KEY_CREATED",
        actor: { kind: "operator", id: "alice" },
        at: T0,
        details: { keyId, scope: "status" },
      },
      {
        clientId: "acme",
        action: "API_KEY_ROTATED",
        actor: { kind: "operator", id: "bob" },
        at: at(10),
        details: { keyId: rotated.key.keyId, previousKeyId: keyId, previousKeyEndsAt: at(70) },
      },
      {
        clientId: "acme",
        action: "API_KEY_REVOKED",
        actor: { kind: "operator", id: "carol" },
        at: at(20),
        details: { keyId: rotated.key.keyId },
      },
    ]);
    expect(JSON.stringify(apiKeys.audit)).not.toContain(created.plaintext);
  });

  it("rotates: same scope for the new key, the old one works until the overlap ends", async () => {
    const old = await createApiKey(deps, { clientId: "acme", scope: "status", operator: "alice" });
    const rotated = await rotateApiKey(deps, {
      clientId: "acme",
      keyId: old.key.keyId,
      overlapSeconds: 3600,
      operator: "bob",
    });
    const end = Date.parse(T0) / 1000 + 3600;
    expect(rotated.key).toMatchObject({
      scope: "status",
      rotatedFrom: old.key.keyId,
      createdBy: "bob",
      expiresAt: null,
    });
    expect(rotated.previous).toMatchObject({
      keyId: old.key.keyId,
      expiresAt: end,
      replacedBy: rotated.key.keyId,
    });
    expect(await authorize(old.plaintext)).toMatchObject({ outcome: "allow" });
    expect(await authorize(rotated.plaintext)).toMatchObject({ outcome: "allow" });
    clock.advanceSeconds(3599);
    expect(await authorize(old.plaintext)).toMatchObject({ outcome: "allow" });
    clock.advanceSeconds(1);
    expect(await authorize(old.plaintext)).toMatchObject({ outcome: "unauthorized", reason: "expired" });
    expect(await authorize(rotated.plaintext)).toMatchObject({ outcome: "allow" });
    await expect(
      rotateApiKey(deps, { clientId: "acme", keyId: old.key.keyId, operator: "bob" }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("defaults the overlap to 24 hours, keeps an earlier end, and refuses bad overlaps", async () => {
    const old = await createApiKey(deps, { clientId: "acme", scope: "status", operator: "alice" });
    const first = await rotateApiKey(deps, { clientId: "acme", keyId: old.key.keyId, operator: "bob" });
    expect(first.previous.expiresAt).toBe(Date.parse(T0) / 1000 + DEFAULT_ROTATION_OVERLAP_SECONDS);
    const again = await rotateApiKey(deps, {
      clientId: "acme",
      keyId: old.key.keyId,
      overlapSeconds: 7 * 86_400,
      operator: "bob",
    });
    expect(again.previous.expiresAt).toBe(first.previous.expiresAt);
    for (const overlapSeconds of [-1, 1.5, 31 * 86_400, Number.NaN]) {
      await expect(
        rotateApiKey(deps, { clientId: "acme", keyId: first.key.keyId, overlapSeconds, operator: "bob" }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
  });
});
