import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { APIGatewayProxyResult } from "aws-lambda";
import { RefKeySalt } from "../../../lambdas/adapters/chain/refkey-salt.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { createStatusOnchain } from "../../../lambdas/handlers/status-onchain.js";
import { aService } from "../../support/domain-builders.js";
import { LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from "../../support/dynamodb-local.js";
import { lambdaContext, restApiEvent } from "../../support/lambda-events.js";
import { createMainTable } from "../../support/main-table.js";

const ROUTE = "/kyc/1.0/connect/{clientId}/onchain";
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const salt = new RefKeySalt(Buffer.alloc(32, 7));

let dynamoDb: DynamoDbLocal;
let documents: ReturnType<typeof createDocumentClient>;
let handler: ReturnType<typeof createStatusOnchain>;

const principal = (clientId: string, scope = "status") => ({
  clientId,
  keyId: "abcdefghijklmnop",
  scope,
  keyScope: scope,
});

async function call(clientId: string, authorizer: Record<string, string> | null = principal(clientId)) {
  const event = restApiEvent({ method: "GET", resource: ROUTE, pathParameters: { clientId }, authorizer });
  const result: APIGatewayProxyResult = await handler(
    event as never,
    lambdaContext("status-onchain") as never,
  );
  return { statusCode: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
}

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  dynamoDb = await startDynamoDbLocal();
  const client = dynamoDb.client();
  const tableName = await createMainTable(client, "onchain-test");
  client.destroy();
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamoDb.endpoint });
  const services = new DynamoDbServiceRepository(documents, tableName);
  await services.put(aService({ clientId: "acme", plan: "managed", onchainServiceId: "7" }));
  await services.put(aService({ clientId: "pending", plan: "managed-dedicated", onchainServiceId: null }));
  await services.put(aService({ clientId: "shop", plan: "payg", onchainServiceId: null }));
  handler = createStatusOnchain(() => ({
    getService: (clientId) => services.get(clientId),
    saltOf: (clientId) => salt.saltOf(clientId),
    chain: { chainId: 31337, registryAddress: REGISTRY },
  }));
}, 60_000);

afterAll(async () => {
  documents?.destroy();
  await dynamoDb?.stop();
});

describe("GET /kyc/1.0/connect/{clientId}/onchain", () => {
  it("gives a managed service's own key its coordinates and salt", async () => {
    expect(await call("acme")).toEqual({
      statusCode: 200,
      body: {
        status: "success",
        data: {
          chainId: 31337,
          registry: REGISTRY,
          serviceId: "7",
          salt: salt.saltOf("acme"),
          refKeyFormula: "keccak256(abi.encode(bytes32 salt, string refId))",
        },
      },
    });
  });

  it("gives each service its own salt", () => {
    expect(salt.saltOf("acme")).not.toBe(salt.saltOf("globex"));
  });

  it("refuses other services' keys, keys of another scope, and calls without a key", async () => {
    const foreign = await call("acme", principal("globex"));
    expect(foreign.statusCode).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain(salt.saltOf("acme"));
    expect((await call("acme", principal("acme", "intake"))).statusCode).toBe(403);
    expect((await call("acme", null)).statusCode).toBe(401);
  });

  it("answers 403 on a plan without on-chain KYC and 409 before the registry registration", async () => {
    expect(await call("shop")).toEqual({
      statusCode: 403,
      body: { status: "error", code: 403, message: expect.stringMatching(/payg plan has no on-chain KYC/) },
    });
    expect(await call("pending")).toEqual({
      statusCode: 409,
      body: {
        status: "error",
        code: 409,
        message: expect.stringMatching(/not registered on the registry yet/),
      },
    });
  });
});
