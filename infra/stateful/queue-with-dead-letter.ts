import { Duration } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming.js";
import type { QueueSpec } from "../topology/types.js";

/** SQS keeps a message at most 14 days; the dead-letter queue keeps failures as long as possible. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * A manifest queue and its dead-letter queue: a message received `maxReceiveCount` times moves to the DLQ
 * (whose depth is alarmed). Both are encrypted with the data key and refuse non-TLS requests.
 */
export class QueueWithDeadLetter extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(
    scope: Construct,
    id: string,
    readonly spec: QueueSpec,
    props: { readonly names: ResourceNames; readonly dataKey: kms.IKey },
  ) {
    super(scope, id);
    const encryption = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.dataKey,
      // Reusing a data key for 5 minutes keeps KMS requests (and their cost) low under load.
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
    };
    const fifo = spec.fifo
      ? {
          fifo: true,
          // Per-group throughput: each signer's group is ordered, groups scale independently.
          deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
          fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
        }
      : {};
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      queueName: props.names.deadLetterQueue(spec),
      retentionPeriod: DEAD_LETTER_RETENTION,
      ...(spec.fifo ? { fifo: true } : {}),
      ...encryption,
    });
    this.queue = new sqs.Queue(this, "Queue", {
      queueName: props.names.queue(spec),
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(spec.retentionDays),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
      ...fifo,
      ...encryption,
    });
  }
}
