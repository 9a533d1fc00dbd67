import { describe, expect, it } from "@jest/globals";
import type { Topology } from "../../../infra/topology/types.js";
import { topology } from "../../../infra/topology/manifest.js";
import { TopologyError } from "../../../scripts/local/errors.js";
import { functionEnvironment, mergeEnvironments } from "../../../scripts/local/function-environment.js";
import type { LocalResources } from "../../../scripts/local/local-resources.js";
import { planLocalRuntime } from "../../../scripts/local/runtime-plan.js";
import { fixtureFunction } from "./support.js";

const resources: LocalResources = {
  tables: { main: "t-main" },
  queues: {
    review: {
      name: "r",
      url: "http://q/r",
      arn: "arn:r",
      dlq: { name: "d", url: "http://q/d", arn: "arn:d" },
    },
  },
  buckets: { archive: "b-archive", checkpoints: "b-checkpoints" },
};
const chain = {
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337n,
  registryAddress: "0xReg",
  serviceId: 1n,
  signerPrivateKey: "0xkey",
  adminPrivateKey: "0xadmin",
};
const secrets = {
  identifierPepper: "base64:cGVwcGVy",
  refKeyPepper: "base64:cmVma2V5",
  webhookSigningKey: "base64:d2ViaG9vaw==",
};

describe("functionEnvironment", () => {
  it("gives a function exactly what its needs name, under the manifest's variable names", () => {
    const spec = fixtureFunction("attester", "job-handler", {
      needs: {
        tables: { main: "write" },
        sendsTo: ["review"],
        buckets: { archive: "read" },
        keys: { chainSigner: ["sign"] },
        secrets: ["identifierPepper"],
        invokes: ["dedup-sweep"],
        chain: true,
      },
      environment: { BATCH_LIMIT: "50" },
    });
    expect(functionEnvironment(spec, topology, resources, secrets, chain)).toEqual({
      BATCH_LIMIT: "50",
      TABLE_NAME: "t-main",
      REVIEW_QUEUE_URL: "http://q/r",
      ARCHIVE_BUCKET: "b-archive",
      IDENTIFIER_PEPPER: "base64:cGVwcGVy",
      CHAIN_SIGNER_PRIVATE_KEY: "0xkey",
      DEDUP_SWEEP_FUNCTION_NAME: "dedup-sweep",
      CHAIN_RPC_URL: "http://127.0.0.1:8545",
      CHAIN_ID: "31337",
      REGISTRY_ADDRESS: "0xReg",
      REGISTRY_SERVICE_ID: "1",
    });
    expect(
      functionEnvironment(fixtureFunction("bare", "job-handler"), topology, resources, secrets, chain),
    ).toEqual({});
  });

  it("refuses needs the manifest does not define", () => {
    const spec = fixtureFunction("lost", "job-handler", { needs: { sendsTo: ["nowhere"] } });
    expect(() => functionEnvironment(spec, topology, resources, secrets, chain)).toThrow(TopologyError);
  });
});

describe("mergeEnvironments", () => {
  it("merges equal values and refuses one variable with two values", () => {
    expect(
      mergeEnvironments([
        { functionName: "a", env: { TABLE_NAME: "t", A: "1" } },
        { functionName: "b", env: { TABLE_NAME: "t", B: "2" } },
      ]),
    ).toEqual({ TABLE_NAME: "t", A: "1", B: "2" });
    expect(() =>
      mergeEnvironments([
        { functionName: "a", env: { PAGE_SIZE: "10" } },
        { functionName: "b", env: { PAGE_SIZE: "20" } },
      ]),
    ).toThrow("PAGE_SIZE differs between a and b");
  });
});

describe("planLocalRuntime", () => {
  const withFunctions = (functions: Topology["functions"]): Topology => ({ ...topology, functions });

  it("refuses an SQS trigger on a queue whose visibility timeout is shorter than the function's timeout", () => {
    const spec = fixtureFunction("slow-bot", "sqs-batch-handler", {
      timeoutSeconds: 600,
      triggers: [{ kind: "sqs", queue: "review", batchSize: 10, maxBatchingWindowSeconds: 0 }],
    });
    expect(() => planLocalRuntime(withFunctions([spec]))).toThrow("visibility timeout");
  });

  it("refuses unknown queues, bad schedules and duplicate names", () => {
    const onQueue = (queue: string) =>
      fixtureFunction("q", "sqs-batch-handler", {
        triggers: [{ kind: "sqs", queue, batchSize: 10, maxBatchingWindowSeconds: 0 }],
      });
    expect(() => planLocalRuntime(withFunctions([onQueue("nowhere")]))).toThrow("unknown queue");
    const scheduled = fixtureFunction("s", "job-handler", {
      triggers: [{ kind: "schedule", expression: "rate(1 hours)", description: "x" }],
    });
    expect(() => planLocalRuntime(withFunctions([scheduled]))).toThrow("invalid schedule expression");
    expect(() => planLocalRuntime(withFunctions([onQueue("review"), onQueue("review")]))).toThrow(
      "listed twice",
    );
  });

  it("warns when keyed routes have no authorizer function", () => {
    const keyed = fixtureFunction("keyed", "echo-handler", {
      triggers: [{ kind: "http", method: "GET", path: "/x", auth: "status" }],
    });
    expect(planLocalRuntime(withFunctions([keyed])).warnings).toEqual([
      expect.stringContaining("the authorizer api-authorizer is not a function of the manifest"),
    ]);
  });
});
