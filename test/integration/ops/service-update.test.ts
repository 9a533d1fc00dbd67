import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Context } from "aws-lambda";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import type { Plan } from "../../../lambdas/domain/service.js";
import type { OpsServiceResponse } from "../../../lambdas/handlers/ops-service.js";
import { aService } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";

type Handler = (event: unknown, context: Context) => Promise<OpsServiceResponse>;

const OPERATOR = "arn:aws:iam::123456789012:user/ana";

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let services: DynamoDbServiceRepository;
let handler: Handler;

beforeAll(async () => {
  local = await startLocalServices("svc-update");
  restoreEnv = local.applyEnv();
  process.env.WEBHOOK_SIGNING_KEY = "base64:c2VydmljZS11cGRhdGUtdGVzdC1zaWduaW5nLWtleS0zMmI=";
  handler = (await import("../../../lambdas/handlers/ops-service.js")).handler as unknown as Handler;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  services = new DynamoDbServiceRepository(documents, local.tableName);
}, 120_000);

afterAll(async () => {
  documents?.destroy();
  restoreEnv?.();
  delete process.env.WEBHOOK_SIGNING_KEY;
  await local?.stop();
});

let serial = 0;
async function freshService(plan: Plan, overrides: Parameters<typeof aService>[0] = {}): Promise<string> {
  serial += 1;
  const clientId = `upd-${plan}-${serial}`;
  await services.put(
    aService({
      clientId,
      plan,
      onchainServiceId: plan.startsWith("managed") ? String(serial) : null,
      ...overrides,
    }),
  );
  return clientId;
}

const update = (clientId: string, changes: Record<string, unknown>) =>
  handler({ action: "update", clientId, changes, operator: OPERATOR }, lambdaContext("ops-service"));

/** Each updatable field: a valid change and how it is stored, an invalid value and what the error names. */
const FIELDS: {
  field: string;
  change: unknown;
  stored: unknown;
  invalid: unknown;
  error: RegExp;
}[] = [
  { field: "name", change: "Acme Two", stored: "Acme Two", invalid: "   ", error: /name/ },
  { field: "botPolicy", change: "strict", stored: "strict", invalid: "gentle", error: /botPolicy/ },
  {
    field: "customPolicy",
    change: { actions: { FACE_MISMATCH: "reject" }, maxRejections: 4 },
    stored: { actions: { FACE_MISMATCH: "reject" }, maxRejections: 4 },
    invalid: { actions: { FACE_MISMATCH: "shrug" }, maxRejections: 4 },
    error: /customPolicy/,
  },
  {
    field: "requiredCertificates",
    change: ["identity-document", "selfie"],
    stored: ["identity-document", "selfie"],
    invalid: ["identity-document", "horoscope"],
    error: /requiredCertificates/,
  },
  {
    field: "amlThresholds",
    change: { block: 98, review: 80 },
    stored: { block: 98, review: 80 },
    invalid: { block: 70, review: 90 },
    error: /review <= block/,
  },
  {
    field: "attestationValidityDays",
    change: 180,
    stored: 180,
    invalid: 0,
    error: /attestationValidityDays/,
  },
  {
    field: "retention",
    change: { mode: "single-event", eventEndDate: "2027-03-31" },
    stored: { mode: "single-event", eventEndDate: "2027-03-31" },
    invalid: { mode: "single-event", eventEndDate: "after the party" },
    error: /eventEndDate/,
  },
  {
    field: "webhookUrl",
    change: "https://hooks.example.com/kyc",
    stored: "https://hooks.example.com/kyc",
    invalid: "http://hooks.example.com/kyc",
    error: /https/,
  },
  { field: "kycBotEnabled", change: false, stored: false, invalid: "no", error: /kycBotEnabled/ },
  { field: "advancedBotEnabled", change: true, stored: true, invalid: 1, error: /advancedBotEnabled/ },
];

describe("service update through the ops-service function (DynamoDB Local)", () => {
  it.each(FIELDS)("$field: a valid change is stored and audited with the operator", async (row) => {
    // Self-managed: the one plan where every field, both bot switches included, may change.
    const clientId = await freshService("self-managed");
    const changes: Record<string, unknown> = { [row.field]: row.change };
    if (row.field === "customPolicy") changes.botPolicy = "custom";
    const response = await update(clientId, changes);
    expect(response).toMatchObject({ status: "success" });
    const stored = (await services.get(clientId)) as unknown as Record<string, unknown>;
    expect(stored[row.field]).toEqual(row.stored);
    const trail = await services.listAudit(clientId);
    const entry = trail.find(({ action }) => action === "SERVICE_UPDATED");
    expect(entry).toMatchObject({ action: "SERVICE_UPDATED", actor: { kind: "operator", id: OPERATOR } });
    const shown = typeof row.stored === "string" ? row.stored : JSON.stringify(row.stored);
    expect(entry?.details[row.field]).toBe(shown);
  });

  it.each(FIELDS)("$field: an invalid value is a 400 naming the field, nothing stored", async (row) => {
    const clientId = await freshService("self-managed");
    const before = await services.get(clientId);
    const changes: Record<string, unknown> = { [row.field]: row.invalid };
    if (row.field === "customPolicy") changes.botPolicy = "custom";
    const response = await update(clientId, changes);
    expect(response).toMatchObject({ status: "error", code: 400 });
    expect((response as { message: string }).message).toMatch(row.error);
    expect(await services.get(clientId)).toEqual(before);
    expect(await services.listAudit(clientId)).toEqual([]);
  });

  it.each([
    {
      plan: "payg" as Plan,
      changes: { advancedBotEnabled: true },
      message: /not available on pay-as-you-go/,
    },
    { plan: "managed" as Plan, changes: { kycBotEnabled: false }, message: /always on for the managed plan/ },
    {
      plan: "managed-dedicated" as Plan,
      changes: { kycBotEnabled: false },
      message: /always on for the managed-dedicated plan/,
    },
    { plan: "managed" as Plan, changes: { advancedBotEnabled: false }, message: /always on for the managed/ },
    {
      plan: "self-managed" as Plan,
      changes: { kycBotEnabled: false, advancedBotEnabled: true },
      message: /runs after the KYC Bot/,
    },
  ])("a plan rule refuses $changes on $plan with 403", async ({ plan, changes, message }) => {
    const clientId = await freshService(plan);
    const before = await services.get(clientId);
    const response = await update(clientId, changes);
    expect(response).toMatchObject({ status: "error", code: 403 });
    expect((response as { message: string }).message).toMatch(message);
    expect(await services.get(clientId)).toEqual(before);
  });

  it("switching the KYC Bot off on pay-as-you-go takes it out of the entitlements; on again restores it", async () => {
    const clientId = await freshService("payg");
    expect(await update(clientId, { kycBotEnabled: false })).toMatchObject({
      status: "success",
      data: { entitlements: { kycBot: false }, changed: ["kycBotEnabled"] },
    });
    expect(await update(clientId, { kycBotEnabled: true })).toMatchObject({
      data: { entitlements: { kycBot: true } },
    });
  });

  it("leaving the custom policy drops the custom actions; a custom policy alone needs the custom bot policy", async () => {
    const clientId = await freshService("managed");
    await update(clientId, {
      botPolicy: "custom",
      customPolicy: { actions: { AML_POTENTIAL_MATCH: "block" }, maxRejections: 2 },
    });
    expect(
      await update(clientId, { customPolicy: { actions: {}, maxRejections: 1 }, botPolicy: "lenient" }),
    ).toMatchObject({ status: "error", code: 400, message: expect.stringMatching(/custom bot policy/) });
    expect(await update(clientId, { botPolicy: "lenient" })).toMatchObject({
      data: { changed: ["botPolicy", "customPolicy"] },
    });
    expect((await services.get(clientId))?.customPolicy).toBeUndefined();
  });

  it("a first webhook URL answers its signing secret; --no-webhook-url (null) removes it; no-op changes write nothing", async () => {
    const clientId = await freshService("payg");
    const added = await update(clientId, { webhookUrl: "https://hooks.example.com/a" });
    expect(added).toMatchObject({ data: { webhook: { url: "https://hooks.example.com/a" } } });
    expect((added as { data: { webhook: { secret: string } } }).data.webhook.secret).toMatch(/.{16,}/);
    const trailLength = (await services.listAudit(clientId)).length;
    expect(await update(clientId, { webhookUrl: "https://hooks.example.com/a" })).toMatchObject({
      data: { changed: [] },
    });
    expect(await services.listAudit(clientId)).toHaveLength(trailLength);
    expect(await update(clientId, { webhookUrl: null })).toMatchObject({ data: { changed: ["webhookUrl"] } });
    expect((await services.get(clientId))?.webhookUrl).toBeUndefined();
    expect((await services.listAudit(clientId)).at(-1)?.details).toEqual({ webhookUrl: "(removed)" });
  });

  it("refuses fixed fields, empty changes and unknown services", async () => {
    const clientId = await freshService("payg");
    expect(await update(clientId, { plan: "managed" })).toMatchObject({ status: "error", code: 400 });
    expect(await update(clientId, { onchainServiceId: "7" })).toMatchObject({ status: "error", code: 400 });
    expect(await update(clientId, {})).toMatchObject({
      status: "error",
      code: 400,
      message: expect.stringMatching(/at least one field/),
    });
    expect(await update("no-such-service", { name: "x" })).toMatchObject({ status: "error", code: 404 });
  });
});
