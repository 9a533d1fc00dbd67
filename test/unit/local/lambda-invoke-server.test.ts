import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import { FunctionHost } from "../../../scripts/local/function-host.js";
import {
  functionNameOf,
  startLambdaInvokeServer,
  type LambdaInvokeServer,
} from "../../../scripts/local/lambda-invoke-server.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { silentLog } from "../../../scripts/local/stack-log.js";
import { waitFor } from "../../../scripts/lib/wait-for.js";
import { recorder, resetRecorder } from "./fixtures/recorded-events.js";
import { fixtureFunction, projectRoot } from "./support.js";

describe("the Lambda Invoke endpoint, through @aws-sdk/client-lambda", () => {
  let server: LambdaInvokeServer;
  let lambda: LambdaClient;
  const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const decode = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

  beforeAll(async () => {
    const host = await FunctionHost.load([fixtureFunction("job", "job-handler")], projectRoot);
    server = await startLambdaInvokeServer({ port: 0, functions: host, log: silentLog });
    lambda = new LambdaClient({ ...localClientConfig(server.endpoint), maxAttempts: 1 });
  });
  afterAll(async () => {
    lambda.destroy();
    await server.stop();
  });
  beforeEach(() => resetRecorder());

  it("returns the function's JSON result", async () => {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: "job", Payload: payload({ time: "2026-01-10T10:00:00Z" }) }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBeUndefined();
    expect(answer.ExecutedVersion).toBe("$LATEST");
    expect(decode(answer.Payload)).toMatchObject({ status: "completed", time: "2026-01-10T10:00:00Z" });
  });

  it("reports a thrown error as FunctionError Unhandled with errorType and errorMessage", async () => {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: "job", Payload: payload({ fail: true }) }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBe("Unhandled");
    expect(decode(answer.Payload)).toMatchObject({
      errorType: "RangeError",
      errorMessage: "job failed on purpose",
    });
  });

  it("accepts function ARNs and qualified names", async () => {
    for (const name of ["arn:aws:lambda:us-east-1:000000000000:function:job", "job:$LATEST"]) {
      const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: payload({}) }));
      expect(answer.FunctionError).toBeUndefined();
    }
    expect(functionNameOf("000000000000:function:job:prod")).toBe("job");
  });

  it("answers ResourceNotFoundException for unknown functions", async () => {
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: "no-such-function", Payload: payload({}) })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("answers 202 at once for Event invocations and runs them in the background", async () => {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: "job", InvocationType: "Event", Payload: payload({ sleepMs: 50 }) }),
    );
    expect(answer.StatusCode).toBe(202);
    await waitFor("the background invocation", async () => recorder().events.job?.length === 1);
  });

  it("answers 204 for DryRun without invoking", async () => {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: "job", InvocationType: "DryRun", Payload: payload({}) }),
    );
    expect(answer.StatusCode).toBe(204);
    expect(recorder().events.job).toBeUndefined();
  });
});
