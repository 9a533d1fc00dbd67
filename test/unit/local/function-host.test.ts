import { beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { FunctionHost } from "../../../scripts/local/function-host.js";
import { HandlerLoadError, UnknownFunctionError } from "../../../scripts/local/errors.js";
import { recorder, resetRecorder } from "./fixtures/recorded-events.js";
import { waitUntil } from "../../support/wait-until.js";
import { fixtureFunction, projectRoot } from "./support.js";

describe("FunctionHost", () => {
  let host: FunctionHost;

  beforeAll(async () => {
    host = await FunctionHost.load(
      [
        fixtureFunction("job", "job-handler", { timeoutSeconds: 1 }),
        fixtureFunction("single-job", "job-handler", { reservedConcurrency: 1 }),
        fixtureFunction("echo", "echo-handler", { memoryMb: 768 }),
      ],
      projectRoot,
    );
  });
  beforeEach(() => resetRecorder());

  it("invokes the handler with a JSON copy of the event and a Lambda context", async () => {
    const event = { time: "2026-01-10T10:00:00Z", ignored: undefined };
    const outcome = await host.invoke("job", event);
    expect(outcome).toMatchObject({ status: "ok", payload: { status: "completed", time: event.time } });
    expect(recorder().events.job).toEqual([{ time: event.time }]);
    const remaining = (outcome as { payload: { remainingMs: number } }).payload.remainingMs;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(1000);
  });

  it("gives each invocation its own event: a handler mutating it does not touch the caller's", async () => {
    const event = { httpMethod: "GET", queryStringParameters: { mutate: "" } };
    const outcome = await host.invoke("echo", event);
    expect(outcome).toMatchObject({ status: "ok" });
    expect(event.httpMethod).toBe("GET");
    expect(JSON.parse((outcome as { payload: { body: string } }).payload.body)).toEqual({
      functionName: "echo",
      memory: "768",
    });
  });

  it("reports a thrown error with its type, message and stack trace", async () => {
    const outcome = await host.invoke("job", { fail: true });
    expect(outcome.status).toBe("error");
    if (outcome.status !== "error") return;
    expect(outcome.error.errorType).toBe("RangeError");
    expect(outcome.error.errorMessage).toBe("job failed on purpose");
    expect(outcome.error.trace[0]).toContain("RangeError: job failed on purpose");
  });

  it("times the function out after its configured timeout", async () => {
    const outcome = await host.invoke("job", { sleepMs: 1500 });
    expect(outcome).toMatchObject({
      status: "error",
      error: { errorType: "Sandbox.Timedout", errorMessage: "Task timed out after 1.00 seconds" },
    });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(1000);
    expect(outcome.durationMs).toBeLessThan(1500);
  });

  it("reports a result JSON cannot carry as a marshalling error", async () => {
    const outcome = await host.invoke("job", { bigint: true });
    expect(outcome).toMatchObject({ status: "error", error: { errorType: "Runtime.MarshalError" } });
  });

  it("never runs more invocations at once than the reserved concurrency", async () => {
    const outcomes = await Promise.all([1, 2, 3].map(() => host.invoke("single-job", { sleepMs: 50 })));
    expect(outcomes.map((o) => o.status)).toEqual(["ok", "ok", "ok"]);
    expect(recorder().running.job?.max).toBe(1);
  });

  it("runs invocations of an unreserved function concurrently", async () => {
    await Promise.all([1, 2, 3].map(() => host.invoke("job", { sleepMs: 100 })));
    expect(recorder().running.job?.max).toBe(3);
  });

  it("refuses unknown functions, missing entry files and modules without a handler", async () => {
    await expect(host.invoke("nope", {})).rejects.toBeInstanceOf(UnknownFunctionError);
    await expect(FunctionHost.load([fixtureFunction("gone", "does-not-exist")], projectRoot)).rejects.toThrow(
      new HandlerLoadError(
        "gone",
        "test/unit/local/fixtures/does-not-exist.ts",
        "the entry file does not exist",
      ),
    );
    await expect(
      FunctionHost.load([fixtureFunction("bare", "no-handler-export")], projectRoot),
    ).rejects.toThrow("does not export a `handler` function");
  });

  it("drains on stop: running invocations see their deadline as now and finish; new ones are refused", async () => {
    const stopping = await FunctionHost.load(
      [fixtureFunction("poller", "polling-handler", { timeoutSeconds: 30 })],
      projectRoot,
    );
    const running = stopping.invoke("poller", {});
    await waitUntil("the poller to start", async () => (recorder().events.polling ?? []).length > 0);
    await stopping.drain();
    // Without the drain it would poll until 500 ms before its 30 s timeout and answer about 500.
    expect(await running).toMatchObject({ status: "ok", payload: { remainingAtEnd: 0 } });
    expect(await stopping.invoke("poller", {})).toMatchObject({
      status: "error",
      error: { errorType: "ServiceUnavailable" },
    });
  });
});
