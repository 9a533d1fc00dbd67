import { Aws, Duration, Stack } from "aws-cdk-lib";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as targets from "aws-cdk-lib/aws-scheduler-targets";
import { Construct } from "constructs";
import { acknowledgeWildcardResource } from "../nag/wildcard-finding.js";
import type { ResourceNames } from "../naming.js";
import type { FunctionSpec } from "../topology/types.js";

/**
 * The payload EventBridge Scheduler sends: the shape of an EventBridge "Scheduled Event" (what the
 * local scheduler sends too), whose `time` — the scheduled time, not the delivery time — is the job's "now".
 */
export function scheduledEventInput(): scheduler.ScheduleTargetInput {
  return scheduler.ScheduleTargetInput.fromObject({
    version: "0",
    id: scheduler.ContextAttribute.executionId,
    "detail-type": "Scheduled Event",
    source: "aws.scheduler",
    account: Aws.ACCOUNT_ID,
    time: scheduler.ContextAttribute.scheduledTime,
    region: Aws.REGION,
    resources: [scheduler.ContextAttribute.scheduleArn],
    detail: {},
  });
}

/** One EventBridge Scheduler schedule per `schedule` trigger of a function. */
export class ScheduledInvocations extends Construct {
  readonly schedules: readonly scheduler.Schedule[];

  constructor(
    scope: Construct,
    id: string,
    props: { readonly spec: FunctionSpec; readonly handler: lambda.IFunction; readonly names: ResourceNames },
  ) {
    super(scope, id);
    const { spec, handler, names } = props;
    this.schedules = spec.triggers.flatMap((trigger, index) =>
      trigger.kind !== "schedule"
        ? []
        : [
            new scheduler.Schedule(this, `Schedule${index}`, {
              scheduleName: names.schedule(spec, index),
              description: trigger.description,
              schedule: scheduler.ScheduleExpression.expression(trigger.expression),
              timeWindow: scheduler.TimeWindow.off(),
              target: new targets.LambdaInvoke(handler, {
                input: scheduledEventInput(),
                // A missed run is caught by the next one; failed runs raise the function's error alarm.
                retryAttempts: 2,
                maxEventAge: Duration.hours(1),
              }),
            }),
          ],
    );
    if (this.schedules.length > 0) {
      // The scheduler's role is a stack-level singleton per target, so the acknowledgement sits on the stack.
      acknowledgeWildcardResource(
        Stack.of(this),
        `${handler.functionArn}:*`,
        `EventBridge Scheduler's role may invoke ${spec.name} and its versions (\`:*\`) only: CDK's grantInvoke for a schedule target.`,
      );
    }
  }
}
