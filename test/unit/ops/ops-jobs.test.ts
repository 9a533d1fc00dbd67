import { beforeAll, describe, expect, it } from "@jest/globals";
import { createOpsJobs, type FunctionInvoker } from "../../../lambdas/handlers/ops-jobs.js";

class RecordingInvoker implements FunctionInvoker {
  readonly calls: { functionName: string; payload: unknown }[] = [];
  constructor(private readonly answer: { functionError: string | null; payload: unknown }) {}
  async invoke(functionName: string, payload: unknown) {
    this.calls.push({ functionName, payload });
    return this.answer;
  }
}

const DEPLOYED = {
  DEDUP_SWEEP_FUNCTION_NAME: "kyc-attest-prod-dedup-sweep",
  ARCHIVE_JOB_FUNCTION_NAME: "kyc-attest-prod-archive-job",
  CHAIN_RECONCILE_FUNCTION_NAME: "kyc-attest-prod-chain-reconcile",
  WEEKLY_REPORT_FUNCTION_NAME: "kyc-attest-prod-weekly-report",
};

function jobs(
  answer = { functionError: null as string | null, payload: { status: "completed" } as unknown },
  env = DEPLOYED,
) {
  const invoker = new RecordingInvoker(answer);
  return { invoker, run: createOpsJobs(() => invoker, env) };
}

beforeAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
});

describe("ops-jobs", () => {
  it("runs the dedup sweep with an EventBridge Scheduled Event whose time is --now (whole seconds)", async () => {
    const { invoker, run } = jobs();
    const answer = await run({
      action: "run",
      job: "dedup",
      now: "2026-05-01T12:30:45.678Z",
      operator: "alice",
    });
    expect(answer).toEqual({
      status: "success",
      data: {
        job: "dedup",
        functionName: "kyc-attest-prod-dedup-sweep",
        now: "2026-05-01T12:30:45Z",
        result: { status: "completed" },
      },
    });
    expect(invoker.calls[0]?.payload).toMatchObject({
      "detail-type": "Scheduled Event",
      source: "aws.scheduler",
      time: "2026-05-01T12:30:45Z",
    });
  });

  it("passes each job the request it documents, for one service where it takes one", async () => {
    const { invoker, run } = jobs();
    await run({
      action: "run",
      job: "archive",
      clientId: "acme",
      now: "2026-05-01T00:00:00Z",
      operator: "a",
    });
    await run({ action: "run", job: "report", now: "2026-05-04T06:00:00Z", operator: "a" });
    await run({ action: "run", job: "reconcile", clientId: "acme", operator: "a" });
    await run({ action: "run", job: "chain-status", operator: "a" });
    await run({ action: "run", job: "retry-failed", batchId: "b-1", operator: "a" });
    await run({ action: "run", job: "chain-resync", operator: "ops@example.com" });
    expect(invoker.calls).toEqual([
      {
        functionName: "kyc-attest-prod-archive-job",
        payload: { now: "2026-05-01T00:00:00Z", clientId: "acme" },
      },
      { functionName: "kyc-attest-prod-weekly-report", payload: { now: "2026-05-04T06:00:00Z" } },
      { functionName: "kyc-attest-prod-chain-reconcile", payload: { action: "reconcile", clientId: "acme" } },
      { functionName: "kyc-attest-prod-chain-reconcile", payload: { action: "status" } },
      {
        functionName: "kyc-attest-prod-chain-reconcile",
        payload: { action: "retry-failed", batchId: "b-1" },
      },
      // The resync is audited by the job function: it gets the operator.
      {
        functionName: "kyc-attest-prod-chain-reconcile",
        payload: { action: "resync", operator: "ops@example.com" },
      },
    ]);
  });

  it("refuses options a job does not take, unknown jobs, and jobs not deployed, invoking nothing", async () => {
    const { invoker, run } = jobs(undefined, { ...DEPLOYED, WEEKLY_REPORT_FUNCTION_NAME: "" });
    expect(await run({ action: "run", job: "dedup", clientId: "acme", operator: "a" })).toMatchObject({
      status: "error",
      code: 400,
      message: expect.stringContaining("--client-id"),
    });
    expect(
      await run({ action: "run", job: "reconcile", now: "2026-05-01T00:00:00Z", operator: "a" }),
    ).toMatchObject({
      code: 400,
      message: expect.stringContaining("--now"),
    });
    expect(await run({ action: "run", job: "vacuum", operator: "a" })).toMatchObject({ code: 400 });
    expect(await run({ action: "run", job: "archive", batchId: "b-1", operator: "a" })).toMatchObject({
      code: 400,
      message: expect.stringContaining("--batch-id"),
    });
    expect(await run({ action: "run", job: "chain-status", clientId: "acme", operator: "a" })).toMatchObject({
      code: 400,
      message: expect.stringContaining("--client-id"),
    });
    expect(await run({ action: "run", job: "dedup", now: "yesterday", operator: "a" })).toMatchObject({
      code: 400,
    });
    expect(await run({ action: "run", job: "report", operator: "a" })).toMatchObject({
      code: 404,
      message: "job report is not deployed: function weekly-report is not in this deployment",
    });
    expect(invoker.calls).toHaveLength(0);
  });

  it("reports a failed job as 502 with its error message", async () => {
    const { run } = jobs({ functionError: "Unhandled", payload: { errorMessage: "table not found" } });
    expect(await run({ action: "run", job: "archive", operator: "a" })).toEqual({
      status: "error",
      code: 502,
      message: "job archive failed: table not found",
    });
  });
});
