import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { topology } from "../../../infra/topology/manifest.js";
import { startDynamoDbLocal } from "../../../scripts/local/dynamodb-local.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { provisionResources } from "../../../scripts/local/local-resources.js";
import { freePort } from "../../../scripts/lib/ports.js";

const javaChildren = () =>
  execFileSync("ps", ["-o", "args=", "--ppid", String(process.pid)], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes("DynamoDBLocal.jar"));

describe("DynamoDB Local with --persist", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kyc-ddb-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps tables and items across a restart, and re-provisioning keeps them", async () => {
    const provision = (endpoint: string) =>
      provisionResources(
        { tables: topology.tables, queues: [], buckets: [] },
        {
          prefix: "persist-test",
          dynamodbEndpoint: endpoint,
          sqsEndpoint: "http://127.0.0.1:9",
          s3Endpoint: "http://127.0.0.1:9",
        },
      );
    const item = { pk: { S: "SERVICE#kept" }, sk: { S: "SERVICE" } };

    const first = await startDynamoDbLocal({ port: await freePort(), persistDir: dir });
    const { tables } = await provision(first.endpoint);
    const writer = new DynamoDBClient(localClientConfig(first.endpoint));
    await writer.send(new PutItemCommand({ TableName: tables.main, Item: item }));
    writer.destroy();
    await first.stop();
    expect(javaChildren()).toEqual([]);

    const second = await startDynamoDbLocal({ port: await freePort(), persistDir: dir });
    try {
      await expect(provision(second.endpoint)).resolves.toMatchObject({ tables: { main: tables.main } });
      const reader = new DynamoDBClient(localClientConfig(second.endpoint));
      const { Item } = await reader.send(new GetItemCommand({ TableName: tables.main, Key: item }));
      reader.destroy();
      expect(Item).toEqual(item);
    } finally {
      await second.stop();
    }
    expect(javaChildren()).toEqual([]);
  }, 120_000);
});
