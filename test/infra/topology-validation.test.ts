import { TopologyError, validateTopology } from "../../infra/topology-validation.js";
import { topology as manifest } from "../../infra/topology/manifest.js";
import type { FunctionSpec, Topology } from "../../infra/topology/types.js";
import { fullTopology } from "./fixtures/full-topology.js";

function problemsOf(topology: Topology): readonly string[] {
  try {
    validateTopology(topology);
    return [];
  } catch (error) {
    if (error instanceof TopologyError) return error.context.problems;
    throw error;
  }
}

function withFunction(name: string, change: (spec: FunctionSpec) => FunctionSpec): Topology {
  return {
    ...fullTopology,
    functions: fullTopology.functions.map((spec) => (spec.name === name ? change(spec) : spec)),
  };
}

describe("validateTopology", () => {
  test("accepts the real manifest and the full fixture", () => {
    expect(problemsOf(manifest)).toEqual([]);
    expect(problemsOf(fullTopology)).toEqual([]);
  });

  test("reports every problem at once, each naming the function", () => {
    const broken = withFunction("attester", (spec) => ({
      ...spec,
      memoryMb: 64,
      reservedConcurrency: 0,
      needs: { ...spec.needs, sendsTo: ["nowhere"], invokes: ["attester"] },
    }));
    const problems = problemsOf(broken);
    expect(problems).toEqual([
      "function attester: memory must be 128–10240 MB",
      "function attester: reserved concurrency must be a positive integer (0 would disable the function)",
      "function attester: unknown queue nowhere",
      "function attester invokes itself",
    ]);
    expect(() => validateTopology(broken)).toThrow(/attester: memory must be/);
  });

  test("refuses throttles that would refuse every request", () => {
    const api = fullTopology.api;
    const throttled: Topology = {
      ...fullTopology,
      api: {
        ...api,
        stageThrottle: { rateLimit: 0, burstLimit: 10 },
        perKeyThrottle: { ...api.perKeyThrottle, status: { rateLimit: 5, burstLimit: 0.5 } },
      },
    };
    expect(problemsOf(throttled)).toEqual([
      "throttle of the stage: the rate must be positive and the burst a positive integer",
      "throttle of status keys: the rate must be positive and the burst a positive integer",
    ]);
  });

  test("refuses a scoped route when the authorizer function is missing", () => {
    const withoutAuthorizer: Topology = {
      ...fullTopology,
      functions: fullTopology.functions.filter((spec) => spec.name !== fullTopology.authorizer.functionName),
    };
    expect(problemsOf(withoutAuthorizer)).toContain(
      'function intake-profile: route POST /intake/1.0/{clientId}/profiles needs scope "intake" but the authorizer function api-authorizer is not in the manifest',
    );
  });

  test("refuses a console route without the console authorizer, and an authorizer serving a route", () => {
    const withoutConsoleAuthorizer: Topology = {
      ...fullTopology,
      functions: fullTopology.functions.filter(
        (spec) => spec.name !== fullTopology.consoleAuthorizer.functionName,
      ),
    };
    expect(problemsOf(withoutConsoleAuthorizer)).toContain(
      "function console-api: route GET /console/api/me needs the console session but the authorizer function console-authorizer is not in the manifest",
    );
    const servingAuthorizer = withFunction("console-authorizer", (spec) => ({
      ...spec,
      triggers: [{ kind: "http", method: "GET", path: "/console/api/whoami", auth: "none" }],
    }));
    expect(problemsOf(servingAuthorizer)).toContain(
      "function console-authorizer: the authorizer must not serve a route itself",
    );
  });

  test("applies the SQS event source limits of FIFO and standard queues", () => {
    const fifoWindow = withFunction("attester", (spec) => ({
      ...spec,
      triggers: [{ kind: "sqs", queue: "chain", batchSize: 11, maxBatchingWindowSeconds: 2 }],
    }));
    expect(problemsOf(fifoWindow)).toEqual([
      "function attester: FIFO queue chain allows no batching window",
      "function attester: FIFO batch size must be 1–10",
    ]);
    const bigBatchNoWindow = withFunction("review-bot", (spec) => ({
      ...spec,
      triggers: [{ kind: "sqs", queue: "review", batchSize: 100, maxBatchingWindowSeconds: 0 }],
    }));
    expect(problemsOf(bigBatchNoWindow)).toEqual([
      "function review-bot: a batch size above 10 needs a batching window of at least 1 s",
    ]);
  });

  test("requires a queue's visibility timeout to cover its consumer's timeout, and one consumer per queue", () => {
    const slowConsumer = withFunction("review-bot", (spec) => ({ ...spec, timeoutSeconds: 600 }));
    expect(problemsOf(slowConsumer)).toEqual([
      "function review-bot: queue review's visibility timeout is shorter than the function timeout",
    ]);
    const secondConsumer = withFunction("operator-jobs", (spec) => ({
      ...spec,
      triggers: [
        ...spec.triggers,
        { kind: "sqs", queue: "review", batchSize: 1, maxBatchingWindowSeconds: 0 },
      ],
    }));
    expect(problemsOf(secondConsumer)).toEqual([
      "function operator-jobs: queue review is already consumed by review-bot",
    ]);
  });

  test("keeps API functions within the integration timeout and routes unique", () => {
    const slowRoute = withFunction("status", (spec) => ({ ...spec, timeoutSeconds: 60 }));
    expect(problemsOf(slowRoute)).toEqual([
      "function status: timeout 60 s exceeds the API integration timeout of 29 s",
      "function status: timeout 60 s exceeds the API integration timeout of 29 s",
    ]);
    const duplicateRoute = withFunction("openapi", (spec) => ({
      ...spec,
      triggers: [{ kind: "http", method: "POST", path: "/intake/1.0/{clientId}/profiles", auth: "none" }],
    }));
    expect(problemsOf(duplicateRoute)).toEqual([
      "function openapi: route POST /intake/1.0/{clientId}/profiles is already served by intake-profile",
    ]);
  });

  test("checks schedule expressions, key operations and functions nothing triggers", () => {
    const broken = withFunction("archive", (spec) => ({
      ...spec,
      needs: { ...spec.needs, keys: { chainSigner: ["decrypt"], data: ["sign"] } },
      triggers: [{ kind: "schedule", expression: "every day", description: "x" }],
    }));
    expect(problemsOf(broken)).toEqual([
      "function archive: key chainSigner (SIGN_VERIFY) cannot decrypt",
      "function archive: key data (ENCRYPT_DECRYPT) cannot sign",
      "function archive: every day is not a rate(), cron() or at() expression",
    ]);
    const idle = withFunction("openapi", (spec) => ({ ...spec, triggers: [] }));
    expect(problemsOf(idle)).toEqual(["function openapi has no trigger: nothing would ever run it"]);
  });
});
