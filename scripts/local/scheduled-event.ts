import { randomUUID } from "node:crypto";
import type { ScheduledEvent } from "aws-lambda";
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from "./local-aws.js";

/**
 * The EventBridge "Scheduled Event" a schedule delivers. `time` (whole seconds, UTC) is the scheduled
 * firing time, which jobs use as their "now" and their run id.
 */
export function scheduledEvent(scheduleName: string, time: Date): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.scheduler",
    account: LOCAL_ACCOUNT_ID,
    time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: LOCAL_REGION,
    resources: [`arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:schedule/default/${scheduleName}`],
    detail: {},
  };
}
