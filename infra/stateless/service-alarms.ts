import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming.js";
import type { QueueWithDeadLetter } from "../stateful/queue-with-dead-letter.js";
import { OBSERVABILITY_ENVIRONMENT } from "./function-environment.js";

const SLA_CHECK_FUNCTION = "support-sla-check";
const FUNCTION_METRICS_NAMESPACE = OBSERVABILITY_ENVIRONMENT.POWERTOOLS_METRICS_NAMESPACE;
const FUNCTION_SERVICE_NAME = OBSERVABILITY_ENVIRONMENT.POWERTOOLS_SERVICE_NAME;

export interface ServiceAlarmsProps {
  readonly names: ResourceNames;
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly queues: readonly QueueWithDeadLetter[];
  readonly topic: sns.ITopic;
  /** Oldest-message age on a FIFO (attester) queue that means the chain pipeline is stuck. */
  readonly attesterLagAlarmSeconds: number;
}

const ATTESTER_FUNCTION = "attester";
const CHAIN_ALARM_METRICS: readonly (readonly [string, string])[] = [
  [
    "ChainNonceGap",
    "The chain forgot transactions of the attester's signer (node restarted empty, reset, or behind): nothing is sent; run `chain resync` (docs/chain-operations.md)",
  ],
  [
    "ChainBatchFailed",
    "The registry refused a batch; it is parked for an operator (`chain status`, `chain retry`)",
  ],
];

/**
 * What an operator must hear about: any message in a dead-letter queue, any function error, and
 * chain-pipeline lag (the oldest message of every FIFO queue waiting too long — the attester's queue),
 * and the attester's alarm metrics (a nonce gap, a refused batch).
 * Missing data (no traffic) is not an alarm.
 */
export class ServiceAlarms extends Construct {
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const { names } = props;
    const action = new actions.SnsAction(props.topic);
    const alarms: cloudwatch.Alarm[] = [];
    const add = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...alarmProps,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      alarms.push(alarm);
    };

    for (const { spec, queue, deadLetterQueue } of props.queues) {
      add(`DeadLetters-${spec.id}`, {
        alarmName: `${names.prefix}-${spec.id}-dead-letters`,
        alarmDescription: `Messages of the ${spec.id} queue failed ${spec.maxReceiveCount} times and wait in its DLQ`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
      if (spec.fifo) {
        add(`Lag-${spec.id}`, {
          alarmName: `${names.prefix}-${spec.id}-lag`,
          alarmDescription: `The oldest message of the ${spec.id} FIFO queue has waited over ${props.attesterLagAlarmSeconds} s (attester lag)`,
          metric: queue.metricApproximateAgeOfOldestMessage({
            period: Duration.minutes(1),
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          threshold: props.attesterLagAlarmSeconds,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          // Three minutes in a row: a single slow block is not an incident.
          evaluationPeriods: 3,
        });
      }
    }
    for (const [name, handler] of props.functions) {
      add(`Errors-${name}`, {
        alarmName: `${names.prefix}-${name}-errors`,
        alarmDescription: `${name} failed (uncaught error, timeout or out of memory)`,
        metric: handler.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
    if (props.functions.has(ATTESTER_FUNCTION)) {
      // The attester's own alarm metrics (EMF, see lambdas/adapters/chain/chain-observer.ts): any count
      // means an operator must act (docs/chain-operations.md).
      for (const [metricName, description] of CHAIN_ALARM_METRICS) {
        add(`Chain-${metricName}`, {
          alarmName: `${names.prefix}-chain-${metricName}`,
          alarmDescription: description,
          metric: new cloudwatch.Metric({
            namespace: FUNCTION_METRICS_NAMESPACE,
            metricName,
            dimensionsMap: { service: FUNCTION_SERVICE_NAME, component: ATTESTER_FUNCTION },
            period: Duration.minutes(1),
            statistic: cloudwatch.Stats.SUM,
          }),
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
        });
      }
    }
    // The support desk's first-response SLA (lambdas/handlers/support-sla-check.ts publishes both
    // counts on every run): any ticket past its due time, or due within the next working hour.
    if (props.functions.has(SLA_CHECK_FUNCTION)) {
      const slaMetric = (metricName: string) =>
        new cloudwatch.Metric({
          namespace: FUNCTION_METRICS_NAMESPACE,
          metricName,
          dimensionsMap: { service: FUNCTION_SERVICE_NAME, component: SLA_CHECK_FUNCTION },
          period: Duration.minutes(15),
          statistic: cloudwatch.Stats.MAXIMUM,
        });
      add("SupportSlaBreached", {
        alarmName: `${names.prefix}-support-sla-breached`,
        alarmDescription: "Support tickets passed their first-response time unanswered",
        metric: slaMetric("SupportTicketsBreached"),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
      add("SupportSlaAtRisk", {
        alarmName: `${names.prefix}-support-sla-at-risk`,
        alarmDescription: "Support tickets are due within the next working hour and still unanswered",
        metric: slaMetric("SupportTicketsAtRisk"),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
    this.alarms = alarms;
  }
}
