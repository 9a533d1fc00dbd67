import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoDbChainRecordStore } from "../../../lambdas/adapters/dynamodb/chain-record-store.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { profileToItem } from "../../../lambdas/adapters/dynamodb/items.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { SERVICE_CACHE_TTL_MS, statusDepsFromEnv } from "../../../lambdas/handlers/status-dynamodb.js";
import { createStatusProfile } from "../../../lambdas/handlers/status-profile.js";
import { aProfile, aService } from "../../support/domain-builders.js";
import { LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from "../../support/dynamodb-local.js";
import { lambdaContext, restApiEvent } from "../../support/lambda-events.js";
import { createMainTable } from "../../support/main-table.js";

/** How the status function reads: one round trip per profile, services cached for a bounded time. */
let dynamoDb: DynamoDbLocal;
let documents: ReturnType<typeof createDocumentClient>;
let tableName: string;
let requests: string[] = [];

const identityGrant = { clientId: "mart", keyId: "abcdefghijklmnop", plan: "payg", scope: "status identity" };

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  dynamoDb = await startDynamoDbLocal();
  const client = dynamoDb.client();
  tableName = await createMainTable(client, "status-reads-test");
  client.destroy();
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamoDb.endpoint });
  // Every command the status reads send, by name.
  documents.middlewareStack.add(
    (next, context) => (args) => {
      requests.push(context.commandName ?? "unknown");
      return next(args);
    },
    { step: "initialize", name: "countRequests" },
  );
  await new DynamoDbServiceRepository(documents, tableName).put(aService({ clientId: "mart", plan: "payg" }));
  const profile = aProfile({ clientId: "mart", refId: "buyer-1", status: "approved" });
  await documents.send(new PutCommand({ TableName: tableName, Item: profileToItem(profile) }));
  await new DynamoDbChainRecordStore(documents, tableName).recordProfile({
    clientId: "mart",
    refId: "buyer-1",
    chainId: 31337,
    registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    serviceId: "0x01",
    wallet: profile.wallet,
    verifiedUntil: 1_800_000_000,
    txHash: `0x${"ef".repeat(32)}`,
    blockNumber: 7,
    txGasUsed: null,
    profileVersion: profile.version,
    confirmedAt: "2026-01-10T10:02:00.000Z",
  });
});

afterAll(async () => {
  documents?.destroy();
  await dynamoDb?.stop();
});

describe("the status function's reads", () => {
  it("reads a profile and its on-chain record in one request, the service once per TTL", async () => {
    const deps = statusDepsFromEnv({ TABLE_NAME: tableName }, documents, () => 0);
    requests = [];
    const first = await deps.getProfileWithOnchain("mart", "buyer-1");
    expect(first.profile?.refId).toBe("buyer-1");
    expect(first.onchain?.txHash).toBe(`0x${"ef".repeat(32)}`);
    expect(await deps.getProfileWithOnchain("mart", "nobody")).toEqual({ profile: null, onchain: null });
    await deps.getService("mart");
    await deps.getService("mart");
    expect(requests).toEqual(["BatchGetItemCommand", "BatchGetItemCommand", "GetItemCommand"]);
  });

  it("shows no on-chain record for a profile whose erasure's revocation was recorded", async () => {
    const profile = aProfile({ clientId: "mart", refId: "gone-1", status: "rejected" });
    await documents.send(new PutCommand({ TableName: tableName, Item: profileToItem(profile) }));
    await new DynamoDbChainRecordStore(documents, tableName).forgetErased([
      { clientId: "mart", refId: "gone-1", profileVersion: profile.version, wallets: [profile.wallet] },
    ]);
    const deps = statusDepsFromEnv({ TABLE_NAME: tableName }, documents, () => 0);
    expect(await deps.getProfileWithOnchain("mart", "gone-1")).toEqual({
      profile: expect.objectContaining({ refId: "gone-1" }),
      onchain: null,
    });
  });

  it("answers a plan change within the service cache TTL, never later", async () => {
    let now = 0;
    const deps = statusDepsFromEnv({ TABLE_NAME: tableName }, documents, () => now);
    const statusProfile = createStatusProfile(() => deps);
    const identityOf = async () => {
      const result = await statusProfile(
        restApiEvent({
          method: "GET",
          resource: "/kyc/1.0/connect/{clientId}/refId/{refId}",
          pathParameters: { clientId: "mart", refId: "buyer-1" },
          authorizer: identityGrant,
        }),
        lambdaContext("status-profile"),
      );
      expect(result.statusCode).toBe(200);
      return (JSON.parse(result.body) as { data: { identities?: unknown } }).data.identities;
    };
    expect(await identityOf()).toMatchObject({ given_name: { type: "string", value: "Ana" } });
    // The service moves to a plan with on-chain KYC: no personal data from then on.
    await new DynamoDbServiceRepository(documents, tableName).put(
      aService({ clientId: "mart", plan: "managed" }),
    );
    now += SERVICE_CACHE_TTL_MS - 1;
    expect(await identityOf()).toBeDefined();
    now += 1;
    expect(await identityOf()).toBeUndefined();
  });
});
