import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { topology } from "../../../infra/topology/manifest.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { profileToItem } from "../../../lambdas/adapters/dynamodb/items.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { startLocalStack, type LocalStack } from "../../../scripts/local/local-stack.js";
import { silentLog } from "../../../scripts/local/stack-log.js";
import { renderOpenApi } from "../../../scripts/openapi.js";
import { aProfile, aService } from "../../support/domain-builders.js";

/**
 * The business API as a business calls it: HTTP to the local stack, through the manifest's routes,
 * the real authorizer (key from the operator function) and the status functions.
 */
let stack: LocalStack;
let apiKey: string;

/** Per-key limit of status keys here: small, so a test can exceed it without racing the clock. */
const STATUS_KEY_LIMIT = { rateLimit: 1, burstLimit: 15 };

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
    log: silentLog,
    handlerLogLevel: "ERROR",
    topology: {
      ...topology,
      api: { ...topology.api, perKeyThrottle: { ...topology.api.perKeyThrottle, status: STATUS_KEY_LIMIT } },
    },
  });
  const documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  const tableName = stack.resources.tables.main!;
  try {
    const services = new DynamoDbServiceRepository(documents, tableName);
    await services.put(aService({ clientId: "acme", plan: "managed" }));
    await services.put(aService({ clientId: "globex", plan: "managed" }));
    for (const profile of [
      aProfile({ clientId: "acme", refId: "user-1", status: "approved" }),
      aProfile({ clientId: "globex", refId: "user-9", status: "approved" }),
    ]) {
      await documents.send(new PutCommand({ TableName: tableName, Item: profileToItem(profile) }));
    }
  } finally {
    documents.destroy();
  }
  apiKey = await createStatusKey("acme");
}, 180_000);

async function createStatusKey(clientId: string): Promise<string> {
  const created = await stack.functions.invoke("ops-api-keys", {
    action: "create",
    clientId,
    scope: "status",
    operator: "test",
  });
  if (created.status !== "ok") throw new Error(JSON.stringify(created));
  return (created.payload as { data: { apiKey: string } }).data.apiKey;
}

afterAll(async () => {
  await stack?.stop();
});

async function get(path: string, authorization: string | null = apiKey) {
  const response = await fetch(`${stack.stackInfo.apiUrl}${path}`, {
    headers: authorization === null ? {} : { Authorization: authorization },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the business API on the local stack", () => {
  it("serves a status by refId and recordId, raw key or Bearer", async () => {
    const byRef = await get("/kyc/1.0/connect/acme/refId/user-1");
    expect(byRef.status).toBe(200);
    expect(byRef.body).toMatchObject({ status: "success", data: { refId: "user-1", status: "approved" } });
    const recordId = (byRef.body.data as { recordId: string }).recordId;
    const byRecord = await get(`/kyc/1.0/connect/acme/recordId/${recordId}`, `Bearer ${apiKey}`);
    expect(byRecord.body).toEqual(byRef.body);
  });

  it("lists applicants with paging and refuses a limit above 100", async () => {
    const page = await get("/kyc/1.0/connect/acme/applicants/approved?limit=10");
    expect(page.body).toMatchObject({ status: "success", data: { total: 1, skip: 0, limit: 10 } });
    const tooMany = await get("/kyc/1.0/connect/acme/applicants?limit=101");
    expect(tooMany).toMatchObject({ status: 400, body: { status: "error", code: 400 } });
  });

  it("answers 401 without a valid key, 403 on another service, 404 for an unknown refId", async () => {
    expect((await get("/kyc/1.0/connect/acme/refId/user-1", null)).status).toBe(401);
    expect((await get("/kyc/1.0/connect/acme/refId/user-1", `${apiKey}x`)).status).toBe(401);
    const other = await get("/kyc/1.0/connect/globex/refId/user-9");
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain("user-9");
    expect(await get("/kyc/1.0/connect/acme/refId/nobody")).toEqual({
      status: 404,
      body: { status: "error", code: 404, message: "no profile with this refId" },
    });
  });

  it("answers 429 with Retry-After to a key over its rate while another key of the service gets 200", async () => {
    const [busy, calm] = [await createStatusKey("acme"), await createStatusKey("acme")];
    const path = "/kyc/1.0/connect/acme/refId/user-1";
    const answers = [];
    for (let i = 0; i < 2 * STATUS_KEY_LIMIT.burstLimit; i += 1) {
      const response = await fetch(`${stack.stackInfo.apiUrl}${path}`, { headers: { Authorization: busy } });
      answers.push({
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        body: (await response.json()) as unknown,
      });
    }
    // A full bucket serves the burst; one token a second cannot keep up with requests a few ms apart.
    expect(answers.slice(0, STATUS_KEY_LIMIT.burstLimit).every((answer) => answer.status === 200)).toBe(true);
    const throttled = answers.filter((answer) => answer.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const answer of throttled) {
      expect(answer).toEqual({
        status: 429,
        retryAfter: "1",
        body: { status: "error", code: 429, message: "Too many requests" },
      });
    }
    expect(answers.every((answer) => answer.status === 200 || answer.status === 429)).toBe(true);
    expect((await get(path, calm)).status).toBe(200);
  });

  it("serves the OpenAPI document without a key", async () => {
    const document = await get("/openapi.json", null);
    expect(document.status).toBe(200);
    expect(document.body).toEqual(JSON.parse(renderOpenApi()));
  });
});
