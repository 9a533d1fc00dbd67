import { beforeEach, describe, expect, it } from "@jest/globals";
import { authorizeRequest, type AuthorizeDeps } from "../../../lambdas/domain/api-keys/authorize.js";
import { DEFAULT_FAILURE_LIMITS } from "../../../lambdas/domain/api-keys/failure-limiter.js";
import { createApiKey, revokeApiKey } from "../../../lambdas/domain/api-keys/manage-api-keys.js";
import { aService, T0 } from "../../support/domain-builders.js";
import {
  countingRandomBytes,
  InMemoryApiKeyStore,
  InMemoryFailureCounter,
  InMemoryServices,
  SettableClock,
} from "./support/in-memory-api-keys.js";

const statusRoute = (clientId = "acme") => ({ scope: "status", clientId }) as const;

let apiKeys: InMemoryApiKeyStore;
let failures: InMemoryFailureCounter;
let services: InMemoryServices;
let clock: SettableClock;
let deps: AuthorizeDeps;
const manage = () => ({ apiKeys, services, clock, randomBytes: countingRandomBytes() });

beforeEach(() => {
  apiKeys = new InMemoryApiKeyStore();
  failures = new InMemoryFailureCounter();
  services = new InMemoryServices(
    aService({ clientId: "acme", plan: "managed" }),
    aService({ clientId: "shop", plan: "self-managed" }),
  );
  clock = new SettableClock(T0);
  deps = { apiKeys, failures, services, clock, limits: DEFAULT_FAILURE_LIMITS };
});

describe("authorizing a request", () => {
  it("allows a valid key on its own service's route and records its use at most once a minute", async () => {
    const { plaintext, key } = await createApiKey(manage(), {
      clientId: "acme",
      scope: "status",
      operator: "op",
    });
    const request = { authorization: plaintext, sourceIp: "203.0.113.1", route: statusRoute() };
    expect(await authorizeRequest(deps, request)).toEqual({
      outcome: "allow",
      principal: {
        keyId: key.keyId,
        clientId: "acme",
        keyScope: "status",
        plan: "managed",
        grants: ["status"],
      },
    });
    expect(apiKeys.keys.get(key.keyId)?.lastUsedAt).toBe(T0);
    clock.advanceSeconds(30);
    await authorizeRequest(deps, request);
    expect(apiKeys.keys.get(key.keyId)?.lastUsedAt).toBe(T0);
    clock.advanceSeconds(31);
    await authorizeRequest(deps, { ...request, authorization: `Bearer ${plaintext}` });
    expect(apiKeys.keys.get(key.keyId)?.lastUsedAt).toBe(clock.now());
  });

  it("denies a valid key on another service or scope, and on a route outside the keyed API", async () => {
    const { plaintext } = await createApiKey(manage(), { clientId: "acme", scope: "status", operator: "op" });
    const decide = (route: Parameters<typeof authorizeRequest>[1]["route"]) =>
      authorizeRequest(deps, { authorization: plaintext, sourceIp: "203.0.113.1", route });
    expect(await decide(statusRoute("shop"))).toMatchObject({ outcome: "deny", reason: "other-service" });
    expect(await decide({ scope: "intake", clientId: "acme" })).toMatchObject({
      outcome: "deny",
      reason: "missing-scope",
    });
    expect(await decide(null)).toMatchObject({ outcome: "deny", reason: "unknown-route" });
    expect(failures.failures.size).toBe(0);
  });

  it("never grants identity on a managed plan, even to a status+identity key made before a plan change", async () => {
    const { plaintext } = await createApiKey(manage(), {
      clientId: "shop",
      scope: "status+identity",
      operator: "op",
    });
    const request = { authorization: plaintext, sourceIp: "203.0.113.1", route: statusRoute("shop") };
    expect(await authorizeRequest(deps, request)).toMatchObject({
      outcome: "allow",
      principal: { grants: ["status", "identity"], plan: "self-managed" },
    });
    services.services.set("shop", aService({ clientId: "shop", plan: "managed" }));
    expect(await authorizeRequest(deps, request)).toMatchObject({
      outcome: "allow",
      principal: { grants: ["status"], plan: "managed", keyScope: "status+identity" },
    });
  });

  it("refuses missing, malformed, unknown, wrong-secret and revoked keys alike, counting each failure", async () => {
    const { plaintext, key } = await createApiKey(manage(), {
      clientId: "acme",
      scope: "status",
      operator: "op",
    });
    const decide = (authorization: string | null) =>
      authorizeRequest(deps, { authorization, sourceIp: "203.0.113.9", route: statusRoute() });
    const wrongSecret = `${plaintext.slice(0, -1)}${plaintext.endsWith("A") ? "B" : "A"}`;
    const unknownId = plaintext.replace(key.keyId, "zzzzzzzzzzzzzzzz");
    expect(await decide(null)).toMatchObject({ outcome: "unauthorized", reason: "missing" });
    expect(await decide("Basic dXNlcjpwYXNz")).toMatchObject({
      outcome: "unauthorized",
      reason: "malformed",
    });
    expect(await decide(unknownId)).toMatchObject({ outcome: "unauthorized", reason: "unknown-key" });
    expect(await decide(wrongSecret)).toMatchObject({ outcome: "unauthorized", reason: "wrong-secret" });
    await revokeApiKey(manage(), { clientId: "acme", keyId: key.keyId, operator: "op" });
    expect(await decide(plaintext)).toMatchObject({
      outcome: "unauthorized",
      reason: "revoked",
      keyId: key.keyId,
    });
    const sourceFailures = [...failures.failures].find(([subject]) =>
      subject.startsWith("source:203.0.113.9"),
    );
    expect(sourceFailures?.[1]).toBe(5);
  });

  it("locks out a key id after 20 failures in a window, then lets it in again in the next window", async () => {
    const { plaintext, key } = await createApiKey(manage(), {
      clientId: "acme",
      scope: "status",
      operator: "op",
    });
    const wrongSecret = `${plaintext.slice(0, -1)}${plaintext.endsWith("A") ? "B" : "A"}`;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      // Spread over sources so that only the key id's limit is reached.
      const decision = await authorizeRequest(deps, {
        authorization: wrongSecret,
        sourceIp: `198.51.100.${attempt}`,
        route: statusRoute(),
      });
      expect(decision).toMatchObject({ outcome: "unauthorized", reason: "wrong-secret" });
    }
    const request = { authorization: plaintext, sourceIp: "203.0.113.50", route: statusRoute() };
    expect(await authorizeRequest(deps, request)).toEqual({
      outcome: "unauthorized",
      reason: "locked-out",
      keyId: key.keyId,
      retryAfterSeconds: 60,
    });
    clock.advanceSeconds(60);
    expect(await authorizeRequest(deps, request)).toMatchObject({ outcome: "allow" });
  });

  it("locks a source out at its own, higher limit for guesses, never for another tenant's valid key", async () => {
    const { plaintext } = await createApiKey(manage(), { clientId: "acme", scope: "status", operator: "op" });
    const guess = (attempt: number) =>
      authorizeRequest(deps, { authorization: `guess-${attempt}`, sourceIp: "192.0.2.66", route: null });
    // 20 failures (the per-key limit) from one address lock nobody out.
    for (let attempt = 0; attempt < DEFAULT_FAILURE_LIMITS.perKey; attempt += 1) await guess(attempt);
    expect(await guess(-1)).toMatchObject({ outcome: "unauthorized", reason: "malformed" });
    for (
      let attempt = DEFAULT_FAILURE_LIMITS.perKey + 1;
      attempt < DEFAULT_FAILURE_LIMITS.perSource;
      attempt += 1
    ) {
      await guess(attempt);
    }
    expect(await guess(-2)).toMatchObject({
      outcome: "unauthorized",
      reason: "locked-out",
      retryAfterSeconds: 60,
    });
    // A valid key behind the same address still gets in.
    expect(
      await authorizeRequest(deps, {
        authorization: plaintext,
        sourceIp: "192.0.2.66",
        route: statusRoute(),
      }),
    ).toMatchObject({ outcome: "allow" });
    clock.advanceSeconds(60);
    expect(await guess(-3)).toMatchObject({ outcome: "unauthorized", reason: "malformed" });
  });

  it("refuses a valid key whose service no longer exists", async () => {
    const { plaintext } = await createApiKey(manage(), { clientId: "acme", scope: "status", operator: "op" });
    services.services.delete("acme");
    expect(
      await authorizeRequest(deps, {
        authorization: plaintext,
        sourceIp: "203.0.113.1",
        route: statusRoute(),
      }),
    ).toMatchObject({ outcome: "unauthorized", reason: "unknown-service" });
  });

  it("still allows a valid key when recording its use fails, and says so", async () => {
    const { plaintext } = await createApiKey(manage(), { clientId: "acme", scope: "status", operator: "op" });
    const failing = new Error("throttled");
    apiKeys.recordUse = async () => Promise.reject(failing);
    expect(
      await authorizeRequest(deps, {
        authorization: plaintext,
        sourceIp: "203.0.113.1",
        route: statusRoute(),
      }),
    ).toMatchObject({ outcome: "allow", lastUseNotRecorded: failing });
  });
});
