import { postWebhook } from "../../../lambdas/adapters/webhooks/http-webhook-sender.js";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { HmacIdentifierHasher } from "../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { profileKey } from "../../../lambdas/adapters/dynamodb/keys.js";
import { DynamoDbOutboxStore } from "../../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { SystemClock } from "../../../lambdas/adapters/system/system-clock.js";
import { WebhookSigner } from "../../../lambdas/adapters/webhooks/webhook-signer.js";
import type { RegisteredService, RegistryAdmin } from "../../../lambdas/domain/operator/registry-admin.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { indexChangeFor } from "../../../lambdas/domain/use-cases/index-change.js";
import { createOpsService, type OpsServiceResponse } from "../../../lambdas/handlers/ops-service.js";
import type { OpsProfileRequest, OpsProfileResponse } from "../../../lambdas/handlers/ops-profile.js";
import { aProfile, aSeedAudit, aService, clearCertificates, T0 } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

const OPERATOR = "arn:aws:iam::123456789012:user/alice";
const BUCKET = "ops-test-archive";

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let services: DynamoDbServiceRepository;
let opsProfile: Handler<OpsProfileRequest, OpsProfileResponse>;
let opsServiceHandler: Handler<unknown, OpsServiceResponse>;

beforeAll(async () => {
  local = await startLocalServices("ops-test");
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: local.sqs.endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3.destroy();
  restoreEnv = local.applyEnv();
  process.env.ARCHIVE_BUCKET = BUCKET;
  // Handlers read their environment lazily, on first invocation.
  opsProfile = (await import("../../../lambdas/handlers/ops-profile.js")).handler as unknown as Handler<
    OpsProfileRequest,
    OpsProfileResponse
  >;
  opsServiceHandler = (await import("../../../lambdas/handlers/ops-service.js"))
    .handler as unknown as Handler<unknown, OpsServiceResponse>;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(aService({ clientId: "acme", plan: "managed", onchainServiceId: "1" }));
  await services.put(aService({ clientId: "shop", plan: "payg" }));
  await services.put(aService({ clientId: "corp", plan: "self-managed", advancedBotEnabled: true }));
});

afterAll(async () => {
  documents?.destroy();
  restoreEnv?.();
  delete process.env.ARCHIVE_BUCKET;
  await local?.stop();
});

async function seed(clientId: string, refId: string, overrides: Partial<Profile>): Promise<Profile> {
  const profile = aProfile({ clientId, refId, certificates: clearCertificates(), version: 3, ...overrides });
  const hasher = HmacIdentifierHasher.fromSecret(local.env.IDENTIFIER_PEPPER);
  await profiles.createIfAbsent({
    profile,
    audit: aSeedAudit(profile, T0),
    index: indexChangeFor(null, profile, hasher).put,
  });
  return profile;
}

const invoke = (request: OpsProfileRequest) => opsProfile(request, lambdaContext("ops-profile"));

async function succeed<T>(request: OpsProfileRequest): Promise<T> {
  const response = await invoke(request);
  if (response.status !== "success") throw new Error(`ops-profile refused: ${JSON.stringify(response)}`);
  return response.data as T;
}

async function rawItem(clientId: string, refId: string) {
  const { Item } = await documents.send(
    new GetCommand({ TableName: local.tableName, Key: profileKey(clientId, refId), ConsistentRead: true }),
  );
  return Item;
}

describe("ops-profile", () => {
  it("unblocks a false positive on a managed service: status, audit with operator, chain intent", async () => {
    await seed("acme", "fp-1", {
      status: "blocked",
      waitingDate: T0,
      blockedDate: T0,
      documents: [{ type: "passport", number: "FP111", country: "PT" }],
      wallet: "0x000000000000000000000000000000000000dEaD",
    });
    const data = await succeed<{ changed: boolean; profile: { status: string }; audit: { actor: unknown } }>({
      action: "act",
      clientId: "acme",
      refId: "fp-1",
      decision: "unblock",
      reason: "AML hit is a namesake, DOB differs",
      operator: OPERATOR,
    });
    expect(data).toMatchObject({ changed: true, profile: { status: "approved" } });
    const stored = await profiles.get("acme", "fp-1");
    expect(stored).toMatchObject({ status: "approved", version: 4 });
    const audit = await profiles.listAudit("acme", "fp-1");
    expect(audit.at(-1)).toMatchObject({
      from: "blocked",
      to: "approved",
      actor: { kind: "operator", id: OPERATOR },
      reasonCodes: ["OPERATOR_UNBLOCKED_FALSE_POSITIVE"],
      note: "AML hit is a namesake, DOB differs",
    });
    const pending = await new DynamoDbOutboxStore(documents, local.tableName).listPending("chain", null, 100);
    expect(pending.items.filter((record) => record.refId === "fp-1")).toMatchObject([
      { kind: "chain", intent: "attest", clientId: "acme", profileVersion: 4 },
    ]);
  });

  it("lists by status without personal data and shows one profile with it", async () => {
    await seed("acme", "blocked-2", { status: "blocked", blockedDate: T0, documents: [] });
    const list = await succeed<{ records: Record<string, unknown>[] }>({
      action: "list",
      clientId: "acme",
      status: "blocked",
    });
    expect(list.records.map((r) => r.refId)).toContain("blocked-2");
    expect(JSON.stringify(list)).not.toMatch(/Pereira|givenName|passport/);
    const all = await succeed<{ records: { refId: string }[]; more: string[] }>({
      action: "list",
      clientId: "acme",
    });
    expect(all.records.map((r) => r.refId).sort()).toEqual(["blocked-2", "fp-1"]);
    expect(all.more).toEqual([]);

    const shown = await succeed<{
      profile: { personalData: { identity: unknown }; audit: unknown[] };
      onchain: null;
    }>({ action: "show", clientId: "acme", refId: "blocked-2" });
    expect(shown.profile.personalData.identity).toMatchObject({ familyName: "Pereira" });
    expect(shown.profile.audit).toHaveLength(1);
    expect(shown.onchain).toBeNull();
  });

  for (const clientId of ["shop", "corp"]) {
    it(`refuses operators on ${clientId}'s plan with 403 and leaves the item untouched`, async () => {
      await seed(clientId, "u-1", { status: "blocked", blockedDate: T0, documents: [] });
      const before = await rawItem(clientId, "u-1");
      const refusals = await Promise.all([
        invoke({
          action: "act",
          clientId,
          refId: "u-1",
          decision: "unblock",
          reason: "fp",
          operator: OPERATOR,
        }),
        invoke({ action: "show", clientId, refId: "u-1" }),
        invoke({ action: "list", clientId }),
      ]);
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({ status: "error", code: 403 });
        expect((refusal as { message: string }).message).toMatch(
          /Operators have no access.*customer remediates/,
        );
      }
      expect(await rawItem(clientId, "u-1")).toEqual(before);
      expect(await profiles.listAudit(clientId, "u-1")).toHaveLength(1);
    });
  }

  it("erases a user's data on request (any plan), revoking the flag; repeating is harmless", async () => {
    await seed("shop", "erase-me", { status: "approved", approvedDate: T0, documents: [] });
    const erased = await succeed<{ outcome: string; revoked: boolean; profile: Record<string, unknown> }>({
      action: "erase",
      clientId: "shop",
      refId: "erase-me",
      operator: OPERATOR,
    });
    expect(erased).toMatchObject({ outcome: "erased", revoked: true, profile: { deleted: true } });
    expect(JSON.stringify(await rawItem("shop", "erase-me"))).not.toMatch(/Pereira|1990-04-01|0x5290/);
    expect(
      await invoke({ action: "erase", clientId: "shop", refId: "erase-me", operator: OPERATOR }),
    ).toMatchObject({
      status: "success",
      data: { outcome: "already-erased", revoked: false },
    });
    const audit = await profiles.listAudit("shop", "erase-me");
    expect(audit.at(-1)?.actor).toEqual({ kind: "operator", id: OPERATOR });
  });

  it("answers 400, 404 and 409 for bad requests, unknown profiles and forbidden changes", async () => {
    await seed("acme", "waiting-1", { status: "waiting", documents: [] });
    const bad = [
      {
        action: "act",
        clientId: "acme",
        refId: "waiting-1",
        decision: "approve",
        reason: " ",
        operator: OPERATOR,
      },
      {
        action: "act",
        clientId: "acme",
        refId: "waiting-1",
        decision: "delete",
        reason: "x",
        operator: OPERATOR,
      },
      { action: "list", clientId: "acme", limit: 1000 },
      { action: "list", clientId: "acme", cursor: "abc" },
      { action: "show", clientId: "acme", refId: "a/b" },
      { action: "erase", clientId: "acme", refId: "waiting-1" },
      { action: "drop" },
      "not an object",
    ];
    for (const request of bad) {
      expect(await invoke(request as OpsProfileRequest)).toMatchObject({ status: "error", code: 400 });
    }
    expect(await invoke({ action: "show", clientId: "acme", refId: "nobody" })).toMatchObject({ code: 404 });
    expect(await invoke({ action: "show", clientId: "ghost", refId: "nobody" })).toMatchObject({ code: 404 });
    expect(
      await invoke({
        action: "act",
        clientId: "acme",
        refId: "waiting-1",
        decision: "unblock",
        reason: "x",
        operator: OPERATOR,
      }),
    ).toMatchObject({
      status: "error",
      code: 409,
      message: expect.stringContaining("only a blocked profile"),
    });
    expect((await profiles.get("acme", "waiting-1"))?.status).toBe("waiting");
  });
});

const webhookSecrets = () => new WebhookSigner(Buffer.alloc(32, 7));

/** Hands out sequential registry ids (the end-to-end test uses the real registry). */
class SequentialRegistry implements RegistryAdmin {
  calls = 0;
  async createService(): Promise<RegisteredService> {
    this.calls += 1;
    return { serviceId: String(100 + this.calls), txHash: `0x${"cd".repeat(32)}` };
  }
}

describe("ops-service", () => {
  it("creates an off-chain payg service through the deployed handler and shows it", async () => {
    const created = await opsServiceHandler(
      { action: "create", clientId: "newshop", name: "New Shop", plan: "payg", operator: OPERATOR },
      lambdaContext("ops-service"),
    );
    expect(created).toMatchObject({
      status: "success",
      data: { service: { clientId: "newshop", onchainServiceId: null }, registration: null },
    });
    const shown = await opsServiceHandler(
      { action: "show", clientId: "newshop" },
      lambdaContext("ops-service"),
    );
    expect(shown).toMatchObject({
      data: {
        entitlements: { operatorAccess: false, onchainKyc: false },
        // The creation is audited with the operator who made it.
        audit: [
          {
            action: "SERVICE_CREATED",
            actor: { kind: "operator", id: OPERATOR },
            details: { name: "New Shop", plan: "payg" },
          },
        ],
      },
    });
    expect(
      await opsServiceHandler(
        { action: "create", clientId: "newshop", name: "Again", plan: "payg", operator: OPERATOR },
        lambdaContext("ops-service"),
      ),
    ).toMatchObject({ status: "error", code: 409 });
  });

  it("registers a managed service on the registry and stores the serviceId in DynamoDB", async () => {
    const registry = new SequentialRegistry();
    const ops = createOpsService(() => ({
      services,
      registry: () => registry,
      webhookSecrets,
      clock: new SystemClock(),
      webhookEnv: "local",
      postWebhook: (url, rawBody, headers) => postWebhook(url, rawBody, headers),
      planChange: () => Promise.reject(new Error("this test changes no plan")),
    }));
    const response = await ops({
      action: "create",
      clientId: "dex",
      name: "DEX",
      plan: "managed-dedicated",
      retention: { mode: "single-event", eventEndDate: "2026-12-31" },
      policy: "strict",
      operator: OPERATOR,
    });
    expect(response).toMatchObject({
      status: "success",
      data: { service: { onchainServiceId: "101" }, registration: { serviceId: "101" }, webhook: null },
    });
    expect(await services.get("dex")).toMatchObject({
      onchainServiceId: "101",
      botPolicy: "strict",
      retention: { mode: "single-event", eventEndDate: "2026-12-31" },
    });
    expect(registry.calls).toBe(1);
    const trail = await services.listAudit("dex");
    expect(trail.map(({ action, actor }) => [action, actor.id])).toEqual([
      ["SERVICE_CREATED", OPERATOR],
      ["SERVICE_REGISTERED", OPERATOR],
    ]);
    expect(trail[1]?.details).toEqual({ onchainServiceId: "101", txHash: `0x${"cd".repeat(32)}` });
  });

  it("gives the webhook secret at creation and again on request, auditing each time", async () => {
    const ops = createOpsService(() => ({
      services,
      registry: () => new SequentialRegistry(),
      webhookSecrets,
      clock: new SystemClock(),
      webhookEnv: "local",
      postWebhook: (url, rawBody, headers) => postWebhook(url, rawBody, headers),
      planChange: () => Promise.reject(new Error("this test changes no plan")),
    }));
    const url = "https://hooks.example.org/kyc";
    const created = await ops({
      action: "create",
      clientId: "hooked",
      name: "Hooked",
      plan: "payg",
      webhookUrl: url,
      operator: OPERATOR,
    });
    const secret = webhookSecrets().secretFor("hooked");
    expect(created).toMatchObject({
      status: "success",
      data: { webhook: { url, secret, signatureHeader: "X-Hub-Signature" } },
    });
    const again = await ops({ action: "webhook-secret", clientId: "hooked", operator: "bob" });
    expect(again).toMatchObject({ status: "success", data: { webhook: { url, secret } } });
    expect((await services.listAudit("hooked")).map(({ action, actor }) => [action, actor.id])).toEqual([
      ["SERVICE_CREATED", OPERATOR],
      ["WEBHOOK_SECRET_ISSUED", OPERATOR],
      ["WEBHOOK_SECRET_ISSUED", "bob"],
    ]);
    // A service without a webhook URL has no secret to give, and nothing is audited.
    expect(await ops({ action: "webhook-secret", clientId: "dex", operator: "bob" })).toMatchObject({
      status: "error",
      code: 409,
    });
    expect(await ops({ action: "webhook-secret", clientId: "nobody", operator: "bob" })).toMatchObject({
      status: "error",
      code: 404,
    });

    // Rotating this service's secret changes only its own; the previous one signs during the overlap.
    const otherBefore = webhookSecrets().secretFor("dex");
    const rotated = await ops({
      action: "webhook-rotate",
      clientId: "hooked",
      operator: "bob",
      overlapSeconds: 3600,
    });
    const rotatedSecret = webhookSecrets().secretFor("hooked", 2);
    expect(rotated).toMatchObject({
      status: "success",
      data: { webhook: { url, secret: rotatedSecret, generation: 2 } },
    });
    expect(rotatedSecret).not.toBe(secret);
    const signsUntil = (rotated as { data: { webhook: { previousSecretSignsUntil: string } } }).data.webhook
      .previousSecretSignsUntil;
    expect(Date.parse(signsUntil) - Date.now()).toBeGreaterThan(3_500_000);
    expect(webhookSecrets().secretFor("dex")).toBe(otherBefore);
    expect((await services.get("hooked"))?.webhookSecret).toEqual({
      generation: 2,
      previous: { generation: 1, until: signsUntil },
    });
    expect(await ops({ action: "webhook-secret", clientId: "hooked", operator: "bob" })).toMatchObject({
      data: { webhook: { secret: rotatedSecret, generation: 2 } },
    });
    expect((await services.listAudit("hooked")).map(({ action }) => action).slice(-2)).toEqual([
      "WEBHOOK_SECRET_ROTATED",
      "WEBHOOK_SECRET_ISSUED",
    ]);
    expect((await services.listAudit("dex")).map(({ action }) => action)).not.toContain(
      "WEBHOOK_SECRET_ISSUED",
    );
  });

  it("answers 400 for invalid services without storing anything", async () => {
    const ops = createOpsService(() => ({
      services,
      registry: () => new SequentialRegistry(),
      webhookSecrets,
      clock: new SystemClock(),
      webhookEnv: "local",
      postWebhook: (url, rawBody, headers) => postWebhook(url, rawBody, headers),
      planChange: () => Promise.reject(new Error("this test changes no plan")),
    }));
    const invalid = [
      { action: "create", clientId: "bad id", name: "x", plan: "managed", operator: OPERATOR },
      { action: "create", clientId: "x1", name: "x", plan: "gold", operator: OPERATOR },
      { action: "create", clientId: "x2", name: "x", plan: "managed", policy: "custom", operator: OPERATOR },
      {
        action: "create",
        clientId: "x3",
        name: "x",
        plan: "managed",
        webhookUrl: "ftp://x",
        operator: OPERATOR,
      },
      { action: "create", clientId: "x4", name: "x", plan: "managed" },
      {
        action: "create",
        clientId: "x5",
        name: "x",
        plan: "managed",
        retention: { mode: "single-event", eventEndDate: "soon" },
        operator: OPERATOR,
      },
    ];
    for (const request of invalid) expect(await ops(request)).toMatchObject({ status: "error", code: 400 });
    for (const clientId of ["x1", "x2", "x3", "x4", "x5"]) expect(await services.get(clientId)).toBeNull();
  });
});
