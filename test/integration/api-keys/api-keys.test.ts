import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { DynamoDbAuthFailureCounter } from "../../../lambdas/adapters/dynamodb/api-key-failure-counter.js";
import { DynamoDbApiKeyStore } from "../../../lambdas/adapters/dynamodb/api-key-store.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import type { AuthorizerPolicyResult } from "../../../lambdas/domain/api-keys/authorizer-policy.js";
import { DEFAULT_FAILURE_LIMITS } from "../../../lambdas/domain/api-keys/failure-limiter.js";
import { base32, parseApiKey } from "../../../lambdas/domain/api-keys/key-format.js";
import { isInvokeAllowed } from "../../../lambdas/domain/api-keys/policy-evaluation.js";
import { createApiAuthorizer } from "../../../lambdas/handlers/api-authorizer.js";
import { createOpsApiKeys, type OpsApiKeysRequest } from "../../../lambdas/handlers/ops-api-keys.js";
import { aService, T0 } from "../../support/domain-builders.js";
import { LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from "../../support/dynamodb-local.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { createMainTable } from "../../support/main-table.js";
import {
  authorizerEvent,
  INTAKE_ROUTE,
  methodArnOf,
  STATUS_ROUTE,
  type AuthorizerRequest,
} from "../../unit/api-keys/support/authorizer-event.js";
import { SettableClock } from "../../unit/api-keys/support/in-memory-api-keys.js";

let dynamoDb: DynamoDbLocal;
let documents: ReturnType<typeof createDocumentClient>;
let tableName: string;
let clock: SettableClock;
let authorize: ReturnType<typeof createApiAuthorizer>;
let ops: ReturnType<typeof createOpsApiKeys>;
let services: DynamoDbServiceRepository;
/** Every plaintext key handed out in this file, to prove none is stored. */
const issuedKeys: string[] = [];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  dynamoDb = await startDynamoDbLocal();
  const client = dynamoDb.client();
  tableName = await createMainTable(client, "api-keys-test");
  client.destroy();
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamoDb.endpoint });
  services = new DynamoDbServiceRepository(documents, tableName);
  await services.put(aService({ clientId: "acme", plan: "managed" }));
  await services.put(aService({ clientId: "shop", plan: "self-managed" }));
  clock = new SettableClock(T0);
  const apiKeys = new DynamoDbApiKeyStore(documents, tableName);
  authorize = createApiAuthorizer(() => ({
    apiKeys,
    failures: new DynamoDbAuthFailureCounter(documents, tableName),
    services,
    clock,
    limits: DEFAULT_FAILURE_LIMITS,
  }));
  ops = createOpsApiKeys(() => ({ apiKeys, services, clock, randomBytes: (size) => randomBytes(size) }));
});

afterAll(async () => {
  documents?.destroy();
  await dynamoDb?.stop();
});

beforeEach(() => clock.set(T0));

interface KeyView {
  keyId: string;
  state: string;
  scope: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  replacedBy: string | null;
}

async function succeed<T>(request: OpsApiKeysRequest): Promise<T> {
  const response = await ops(request);
  if (response.status !== "success") throw new Error(`ops-api-keys refused: ${JSON.stringify(response)}`);
  return response.data as T;
}

async function newKey(clientId: string, scope: string): Promise<{ apiKey: string; key: KeyView }> {
  const created = await succeed<{ apiKey: string; key: KeyView }>({
    action: "create",
    clientId,
    scope: scope as "status",
    operator: "test-operator",
  });
  issuedKeys.push(created.apiKey);
  return created;
}

let sourceCounter = 0;
/** A fresh source address per request unless given, so the per-source limiter stays out of the way. */
function request(
  authorization: string | null,
  overrides: Partial<AuthorizerRequest> = {},
): AuthorizerRequest {
  sourceCounter += 1;
  return {
    resource: STATUS_ROUTE,
    pathParameters: { clientId: "acme", refId: "user-1" },
    headers: authorization === null ? {} : { Authorization: authorization },
    sourceIp: `10.${(sourceCounter >> 16) & 255}.${(sourceCounter >> 8) & 255}.${sourceCounter & 255}`,
    ...overrides,
  };
}

async function decide(authorization: string | null, overrides: Partial<AuthorizerRequest> = {}) {
  const input = request(authorization, overrides);
  const result = await authorize(authorizerEvent(input));
  return { result, allowed: isInvokeAllowed(result.policyDocument, methodArnOf(input)) };
}

async function expectUnauthorized(input: AuthorizerRequest): Promise<void> {
  await expect(authorize(authorizerEvent(input))).rejects.toThrow(/^Unauthorized$/);
}

describe("API keys end to end (DynamoDB Local)", () => {
  it("creates a key that the authorizer allows, raw or as a Bearer token, with the key's identity as context", async () => {
    const { apiKey, key } = await newKey("acme", "status");
    for (const authorization of [apiKey, `Bearer ${apiKey}`]) {
      const { result, allowed } = await decide(authorization);
      expect(allowed).toBe(true);
      expect(result.principalId).toBe(key.keyId);
      expect(result.context).toEqual({
        clientId: "acme",
        keyId: key.keyId,
        plan: "managed",
        scope: "status",
        keyScope: "status",
      });
    }
    const listed = await succeed<{ keys: KeyView[] }>({ action: "list", clientId: "acme" });
    expect(listed.keys.find((listedKey) => listedKey.keyId === key.keyId)).toMatchObject({
      state: "active",
      scope: "status",
      lastUsedAt: T0,
    });
    expect(JSON.stringify(listed)).not.toContain("secretHash");
  });

  it("denies (403) a valid key on another service's route or a route of another scope", async () => {
    const { apiKey } = await newKey("acme", "status");
    const otherService = await decide(apiKey, { pathParameters: { clientId: "shop", refId: "user-1" } });
    expect(otherService.allowed).toBe(false);
    expect(
      otherService.result.policyDocument.Statement.some((statement) => statement.Effect === "Deny"),
    ).toBe(true);
    const otherScope = await decide(apiKey, {
      method: "POST",
      resource: INTAKE_ROUTE,
      pathParameters: { clientId: "acme" },
    });
    expect(otherScope.allowed).toBe(false);
    // The same (cacheable) answer still lets the key use its own routes.
    expect(
      isInvokeAllowed(
        otherService.result.policyDocument,
        methodArnOf({ resource: STATUS_ROUTE, pathParameters: { clientId: "acme", refId: "x" } }),
      ),
    ).toBe(true);
  });

  it("refuses (401) a revoked key", async () => {
    const { apiKey, key } = await newKey("acme", "status");
    expect((await decide(apiKey)).allowed).toBe(true);
    const revoked = await succeed<{ key: KeyView }>({
      action: "revoke",
      clientId: "acme",
      keyId: key.keyId,
      operator: "test-operator",
    });
    expect(revoked.key.state).toBe("revoked");
    await expectUnauthorized(request(apiKey));
    const listed = await succeed<{ keys: KeyView[] }>({ action: "list", clientId: "acme" });
    expect(listed.keys.find((listedKey) => listedKey.keyId === key.keyId)?.state).toBe("revoked");
  });

  it("writes every key change with its operator into the service's audit trail, never the key", async () => {
    await services.put(aService({ clientId: "audited", plan: "managed" }));
    const created = await succeed<{ apiKey: string; key: KeyView }>({
      action: "create",
      clientId: "audited",
      scope: "status",
      operator: "alice",
    });
    clock.advanceSeconds(1);
    const rotated = await succeed<{ apiKey: string; key: KeyView }>({
      action: "rotate",
      clientId: "audited",
      keyId: created.key.keyId,
      overlapSeconds: 0,
      operator: "bob",
    });
    clock.advanceSeconds(1);
    await succeed({ action: "revoke", clientId: "audited", keyId: rotated.key.keyId, operator: "carol" });
    const trail = await services.listAudit("audited");
    expect(trail.map(({ action, actor, details }) => [action, actor.id, details.keyId])).toEqual([
      ["API_KEY_CREATED", "alice", created.key.keyId],
      ["API_KEY_ROTATED", "bob", rotated.key.keyId],
      ["API_KEY_REVOKED", "carol", rotated.key.keyId],
    ]);
    expect(JSON.stringify(trail)).not.toContain(created.apiKey.slice(-43));
    // The trail shares the service's partition with the key listing rows, which stay what they were.
    const listed = await succeed<{ keys: KeyView[] }>({ action: "list", clientId: "audited" });
    expect(listed.keys.map((key) => key.keyId)).toEqual([created.key.keyId, rotated.key.keyId]);
  });

  it("rotates: the old key works until the overlap ends, then 401; the new key keeps working", async () => {
    const { apiKey: oldKey, key } = await newKey("acme", "status");
    const rotated = await succeed<{ apiKey: string; key: KeyView; previous: KeyView }>({
      action: "rotate",
      clientId: "acme",
      keyId: key.keyId,
      overlapSeconds: 120,
      operator: "test-operator",
    });
    issuedKeys.push(rotated.apiKey);
    expect(rotated.key.scope).toBe("status");
    expect(rotated.previous).toMatchObject({ keyId: key.keyId, expiresAt: "2026-01-10T10:02:00.000Z" });
    clock.advanceSeconds(119);
    expect((await decide(oldKey)).allowed).toBe(true);
    clock.advanceSeconds(1);
    await expectUnauthorized(request(oldKey));
    expect((await decide(rotated.apiKey)).allowed).toBe(true);
    const listed = await succeed<{ keys: KeyView[] }>({ action: "list", clientId: "acme" });
    expect(listed.keys.find((listedKey) => listedKey.keyId === key.keyId)).toMatchObject({
      state: "expired",
      replacedBy: rotated.key.keyId,
    });
  });

  it("never grants identity on a managed plan and refuses to create such a key", async () => {
    expect(await ops({ action: "create", clientId: "acme", scope: "status+identity" })).toMatchObject({
      status: "error",
      code: 403,
    });
    const { apiKey } = await newKey("shop", "status+identity");
    const { result } = await decide(apiKey, { pathParameters: { clientId: "shop", refId: "u" } });
    expect(result.context.scope).toBe("status identity");
  });

  it("answers operator mistakes with an error envelope", async () => {
    const cases: [unknown, number][] = [
      [{ action: "create", clientId: "acme" }, 400],
      [{ action: "create", clientId: "acme", scope: "admin" }, 400],
      [{ action: "drop", clientId: "acme" }, 400],
      [{ action: "list", clientId: "acme#SERVICE" }, 400],
      [{ action: "revoke", clientId: "acme", keyId: "abc" }, 400],
      [{ action: "rotate", clientId: "acme", keyId: "aaaaaaaaaaaaaaaa", overlapSeconds: -5 }, 400],
      [{ action: "list", clientId: "nobody" }, 404],
      [{ action: "revoke", clientId: "acme", keyId: "aaaaaaaaaaaaaaaa" }, 404],
      [null, 400],
    ];
    for (const [payload, code] of cases) {
      expect(await ops(payload)).toMatchObject({ status: "error", code });
    }
  });

  it("trips the limiter after 20 failures for a key id: even the right secret is refused for the window", async () => {
    const { apiKey } = await newKey("acme", "status");
    const parsed = parseApiKey(apiKey);
    if (parsed === null) throw new Error("created key does not parse");
    const wrong = apiKey.slice(0, -2) + (apiKey.endsWith("AA") ? "BA" : "AA");
    clock.set("2026-01-10T11:00:00.000Z");
    for (let attempt = 0; attempt < 20; attempt += 1) await expectUnauthorized(request(wrong));
    await expectUnauthorized(request(apiKey));
    const { Items: counters = [] } = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `AUTHFAIL#key#${parsed.keyId}` },
      }),
    );
    expect(counters).toEqual([
      expect.objectContaining({ failures: 20, expiresAt: Date.parse("2026-01-10T11:01:00.000Z") / 1000 }),
    ]);
    clock.advanceSeconds(60);
    expect((await decide(apiKey)).allowed).toBe(true);
  });

  it("trips the limiter per source address at a higher threshold, refusing guesses but not valid keys", async () => {
    const { apiKey } = await newKey("acme", "status");
    clock.set("2026-01-10T12:00:00.000Z");
    // A different key id each time, so that only the address's count grows.
    const keyIdOf = (attempt: number) => base32(Buffer.from(String(attempt + 1000).padStart(10, "0")));
    const guess = (attempt: number) =>
      request(`kya_${keyIdOf(attempt)}_${"x".repeat(43)}`, { sourceIp: "192.0.2.1" });
    for (let attempt = 0; attempt < DEFAULT_FAILURE_LIMITS.perSource; attempt += 1) {
      await expectUnauthorized(guess(attempt));
    }
    const { Items: counters = [] } = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "AUTHFAIL#source#192.0.2.1" },
      }),
    );
    expect(counters).toEqual([expect.objectContaining({ failures: DEFAULT_FAILURE_LIMITS.perSource })]);
    await expectUnauthorized(guess(-1));
    // Another tenant's valid key behind the same address is not locked out.
    expect((await decide(apiKey, { sourceIp: "192.0.2.1" })).allowed).toBe(true);
  });

  it("answers malformed, huge, unicode and injection headers with Unauthorized only", async () => {
    const { apiKey } = await newKey("acme", "status");
    const fixed = [
      "",
      " ",
      "Bearer",
      "Bearer  ",
      "Basic dXNlcjpwYXNzd29yZA==",
      `Bearer Bearer ${apiKey}`,
      `${apiKey} ${apiKey}`,
      `${apiKey}\u0000`,
      apiKey.replace("kya_", "KYA_"),
      apiKey.toUpperCase(),
      "kya_' OR 1=1 --_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "kya_${jndi:ldap://x}_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "kya_aaaaaaaaaaaaaaaa_<script>alert(1)</script>AAAAAAAAAAAAAAAAAAAAAAA",
      "kya_\u0430aaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "😀".repeat(40),
      "A".repeat(1_000_000),
      `Bearer ${"kya_".repeat(50_000)}`,
    ];
    for (const authorization of fixed) await expectUnauthorized(request(authorization));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 120 }),
          fc.string({ maxLength: 300 }),
          fc.constantFrom(...fixed.slice(0, 14)).map((text) => `Bearer ${text}`),
        ),
        fc.ipV4(),
        async (authorization, sourceIp) => {
          await expectUnauthorized(request(authorization, { sourceIp }));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("never lets a valid key reach another service whatever the route looks like", async () => {
    const { apiKey } = await newKey("acme", "status");
    const clientIds = fc.oneof(
      fc.constantFrom(
        "shop",
        "acme2",
        "ACME",
        "acme/",
        "acme/*",
        "../acme",
        "*",
        "acme*",
        "%61cme",
        "acme\u0000",
        "",
      ),
      fc.string({ maxLength: 70 }),
    );
    await fc.assert(
      fc.asyncProperty(
        clientIds,
        fc.constantFrom(STATUS_ROUTE, INTAKE_ROUTE, "/openapi.json"),
        async (clientId, resource) => {
          const input = request(apiKey, { resource, pathParameters: { clientId, refId: "u" } });
          let result: AuthorizerPolicyResult;
          try {
            result = await authorize(authorizerEvent(input));
          } catch (error) {
            // An unusable method ARN (the path became unparsable) is the only other answer.
            expect(error).toEqual(new Error("Unauthorized"));
            return;
          }
          const allowed = isInvokeAllowed(result.policyDocument, methodArnOf(input));
          expect(allowed).toBe(clientId === "acme" && resource === STATUS_ROUTE);
          expect(result.context.clientId).toBe("acme");
        },
      ),
      { numRuns: 40 },
    );
  });

  it("works as deployed: both handlers configured from the environment, through middy", async () => {
    const env: Record<string, string> = {
      TABLE_NAME: tableName,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    };
    const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    try {
      const opsFunction = await import("../../../lambdas/handlers/ops-api-keys.js");
      const authorizer = await import("../../../lambdas/handlers/api-authorizer.js");
      const created = (await opsFunction.handler(
        { action: "create", clientId: "acme", scope: "status", operator: "deployed" },
        lambdaContext("ops-api-keys"),
      )) as { status: string; data: { apiKey: string } };
      expect(created.status).toBe("success");
      issuedKeys.push(created.data.apiKey);
      const input = request(created.data.apiKey);
      const result = await authorizer.handler(authorizerEvent(input), lambdaContext("api-authorizer"));
      expect(isInvokeAllowed(result.policyDocument, methodArnOf(input))).toBe(true);
      await expect(
        authorizer.handler(authorizerEvent(request("kya_nonsense")), lambdaContext("api-authorizer")),
      ).rejects.toThrow(/^Unauthorized$/);
    } finally {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("stores no key, secret or encoding of a secret anywhere in the table", async () => {
    expect(issuedKeys.length).toBeGreaterThanOrEqual(10);
    const { Items: items = [] } = await documents.send(new ScanCommand({ TableName: tableName }));
    const table = JSON.stringify(items);
    expect(items.some((item) => item.entity === "apiKey")).toBe(true);
    for (const apiKey of issuedKeys) {
      const secret = parseApiKey(apiKey)?.secret ?? "";
      const bytes = Buffer.from(secret, "base64url");
      for (const form of [
        apiKey,
        secret,
        bytes.toString("base64"),
        bytes.toString("hex"),
        bytes.toString("latin1"),
      ]) {
        expect(table.includes(form)).toBe(false);
      }
    }
  });
});
