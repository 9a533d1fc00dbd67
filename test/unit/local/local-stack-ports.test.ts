import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:net";
import { startLocalStack } from "../../../scripts/local/local-stack.js";
import { freePort } from "../../../scripts/lib/ports.js";

describe("startLocalStack port checks", () => {
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    busyPort = await freePort();
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(busyPort, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise((resolve) => busy.close(resolve)));

  it.each([
    ["api", "the local API (--api-port)"],
    ["lambda", "the Lambda Invoke endpoint (--lambda-port)"],
    ["rpc", "the Hardhat node (--rpc-port)"],
    ["dynamodb", "DynamoDB Local (--dynamodb-port)"],
    ["sqs", "fauxqs SQS/S3 (--sqs-port)"],
    ["smtp", "the local mail server (--smtp-port)"],
  ])(
    "refuses a %s port in use with a message naming the server and the flag, before starting anything",
    async (name, owner) => {
      const ports = { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0, [name]: busyPort };
      await expect(startLocalStack({ ports })).rejects.toThrow(
        `Port ${busyPort} for ${owner} is already in use; pick another port or stop the other process.`,
      );
    },
  );
});
