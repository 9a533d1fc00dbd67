import { afterEach, beforeAll, beforeEach, describe, expect, it, jest } from "@jest/globals";
import { FunctionHost } from "../../../scripts/local/function-host.js";
import { parseSchedule } from "../../../scripts/local/schedule-expression.js";
import { LocalScheduler } from "../../../scripts/local/scheduler.js";
import { silentLog } from "../../../scripts/local/stack-log.js";
import { recorder, resetRecorder } from "./fixtures/recorded-events.js";
import { fixtureFunction, projectRoot } from "./support.js";

describe("LocalScheduler", () => {
  let host: FunctionHost;
  beforeAll(async () => {
    host = await FunctionHost.load([fixtureFunction("job", "job-handler")], projectRoot);
  });
  beforeEach(() => resetRecorder());
  afterEach(() => {
    jest.useRealTimers();
  });

  const jobs = [
    {
      scheduleName: "job",
      functionName: "job",
      expression: "rate(12 hours)",
      schedule: parseSchedule("rate(12 hours)"),
    },
  ];

  it("runs a job now with an EventBridge Scheduled Event whose time is the firing time", async () => {
    const scheduler = new LocalScheduler(jobs, host, silentLog);
    const outcome = await scheduler.runNow("job", new Date("2026-01-10T10:00:00.250Z"));
    expect(outcome).toMatchObject({
      status: "ok",
      payload: { status: "completed", time: "2026-01-10T10:00:00Z" },
    });
    expect(recorder().events.job?.[0]).toMatchObject({
      version: "0",
      "detail-type": "Scheduled Event",
      source: "aws.scheduler",
      account: "000000000000",
      region: "us-east-1",
      time: "2026-01-10T10:00:00Z",
      resources: ["arn:aws:scheduler:us-east-1:000000000000:schedule/default/job"],
      detail: {},
    });
    expect(() => scheduler.runNow("unscheduled")).toThrow("no schedule invokes unscheduled");
  });

  it("fires on the schedule, each time with that firing's time, until stopped", async () => {
    jest.useFakeTimers({ now: new Date("2026-01-10T00:00:00Z"), doNotFake: ["queueMicrotask", "nextTick"] });
    const scheduler = new LocalScheduler(jobs, host, silentLog);
    scheduler.start();
    expect(scheduler.nextFireTimes()).toEqual([
      { scheduleName: "job", functionName: "job", at: new Date("2026-01-10T12:00:00Z") },
    ]);
    await jest.advanceTimersByTimeAsync(12 * 3_600_000);
    await jest.advanceTimersByTimeAsync(12 * 3_600_000);
    const times = (recorder().events.job as { time: string }[]).map((event) => event.time);
    expect(times).toEqual(["2026-01-10T12:00:00Z", "2026-01-11T00:00:00Z"]);
    await scheduler.stop();
    await jest.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(recorder().events.job).toHaveLength(2);
  });
});
