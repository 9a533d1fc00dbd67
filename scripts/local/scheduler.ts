import type { FunctionHost, InvocationOutcome } from "./function-host.js";
import { nextFireTime, type Schedule } from "./schedule-expression.js";
import { scheduledEvent } from "./scheduled-event.js";
import type { StackLog } from "./stack-log.js";

export interface ScheduledJob {
  readonly scheduleName: string;
  readonly functionName: string;
  readonly expression: string;
  readonly schedule: Schedule;
}

/** setTimeout's longest delay; longer waits are re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * EventBridge Scheduler for the local stack: each job fires at its schedule's times with a "Scheduled
 * Event" whose `time` is the firing time. `runNow` fires a job at once (tests, the demo, operators).
 */
export class LocalScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly next = new Map<string, Date>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly functions: Pick<FunctionHost, "invoke">,
    private readonly log: StackLog,
  ) {}

  start(now: Date = new Date()): void {
    for (const job of this.jobs) this.arm(job, nextFireTime(job.schedule, now));
  }

  /** When each job fires next. */
  nextFireTimes(): { scheduleName: string; functionName: string; at: Date }[] {
    return this.jobs.flatMap((job) => {
      const at = this.next.get(job.scheduleName);
      return at === undefined ? [] : [{ scheduleName: job.scheduleName, functionName: job.functionName, at }];
    });
  }

  /** Fires the (first) schedule of `functionName` now, outside its timetable, and returns the outcome. */
  runNow(functionName: string, time: Date = new Date()): Promise<InvocationOutcome> {
    const job = this.jobs.find((candidate) => candidate.functionName === functionName);
    if (job === undefined) throw new Error(`no schedule invokes ${functionName}`);
    return this.fire(job, time, "run now");
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private arm(job: ScheduledJob, at: Date): void {
    if (this.stopped) return;
    this.next.set(job.scheduleName, at);
    const delay = Math.max(0, at.getTime() - Date.now());
    const timer = setTimeout(
      () => {
        if (delay > MAX_TIMER_MS) return this.arm(job, at);
        void this.fire(job, at, job.expression).finally(() => this.arm(job, nextFireTime(job.schedule, at)));
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(job.scheduleName, timer);
  }

  private fire(job: ScheduledJob, time: Date, reason: string): Promise<InvocationOutcome> {
    const event = scheduledEvent(job.scheduleName, time);
    const invocation = this.functions.invoke(job.functionName, event).then((outcome) => {
      const result =
        outcome.status === "ok"
          ? `ok ${summarise(outcome.payload)}`
          : `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
      this.log.line(
        "schedule",
        `${job.functionName} (${reason}) time=${event.time} → ${result} ${outcome.durationMs}ms`,
        {
          function: job.functionName,
          schedule: job.scheduleName,
          eventTime: event.time,
          status: outcome.status,
          durationMs: outcome.durationMs,
        },
      );
      return outcome;
    });
    this.running.add(invocation);
    void invocation.finally(() => this.running.delete(invocation));
    return invocation;
  }
}

/** `status=completed` style summary of a job result, when it has a status field. */
function summarise(payload: unknown): string {
  if (payload !== null && typeof payload === "object" && "status" in payload) {
    return `status=${String((payload as { status: unknown }).status)}`;
  }
  return "";
}
