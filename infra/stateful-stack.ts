import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { DeploymentSettings } from "./deployment-settings.js";
import type { ResourceNames } from "./naming.js";
import { AlarmTopic } from "./stateful/alarm-topic.js";
import { ConsoleUserPool } from "./stateful/console-user-pool.js";
import { DataTables } from "./stateful/data-tables.js";
import { MailSending } from "./stateful/mail-sending.js";
import { QueueWithDeadLetter } from "./stateful/queue-with-dead-letter.js";
import { ServiceKeys } from "./stateful/service-keys.js";
import { ServiceSecrets } from "./stateful/service-secrets.js";
import { StorageBuckets } from "./stateful/storage-buckets.js";
import { deploysConsole } from "./topology/console-functions.js";
import type { BucketId, KeyId, QueueId, SecretId, TableId, Topology } from "./topology/types.js";

export interface StatefulStackProps extends StackProps {
  readonly topology: Topology;
  readonly names: ResourceNames;
  readonly settings: DeploymentSettings;
}

/** What the stateless stack builds on: every resource that holds data or identity. */
export interface StatefulResources {
  readonly tables: ReadonlyMap<TableId, dynamodb.ITable>;
  readonly queues: ReadonlyMap<QueueId, QueueWithDeadLetter>;
  readonly buckets: ReadonlyMap<BucketId, s3.IBucket>;
  readonly keys: ReadonlyMap<KeyId, kms.IKey>;
  readonly dataKey: kms.IKey;
  readonly secrets: ReadonlyMap<SecretId, secretsmanager.ISecret>;
  readonly alarmTopic: sns.ITopic;
  /** SES sender identity, configuration set and bounce/complaint topic (the notifier's). */
  readonly mail: MailSending;
  /** Receives the S3 server access logs of every bucket (S3-managed encryption, as log delivery requires). */
  readonly accessLogs: s3.IBucket;
  /** The console's operators (Cognito); absent when no function signs in to the console. */
  readonly console: ConsoleUserPool | undefined;
}

/**
 * Tables, queues, buckets, keys, secrets, the alarm topic, the SES sender and the console's user pool: everything that must outlive a redeployment
 * of the functions. Tables, buckets, keys, secrets and the user pool are retained when the stack is deleted.
 */
export class StatefulStack extends Stack implements StatefulResources {
  readonly tables: ReadonlyMap<TableId, dynamodb.ITable>;
  readonly queues: ReadonlyMap<QueueId, QueueWithDeadLetter>;
  readonly buckets: ReadonlyMap<BucketId, s3.IBucket>;
  readonly keys: ReadonlyMap<KeyId, kms.IKey>;
  readonly dataKey: kms.IKey;
  readonly secrets: ReadonlyMap<SecretId, secretsmanager.ISecret>;
  readonly alarmTopic: sns.ITopic;
  readonly mail: MailSending;
  readonly accessLogs: s3.IBucket;
  readonly console: ConsoleUserPool | undefined;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { topology, names } = props;
    const keys = new ServiceKeys(this, "Keys", { keys: topology.keys, names });
    this.keys = keys.byId;
    this.dataKey = keys.dataKey;
    this.tables = new DataTables(this, "Tables", {
      tables: topology.tables,
      names,
      dataKey: keys.dataKey,
    }).byId;
    this.queues = new Map(
      topology.queues.map((spec) => [
        spec.id,
        new QueueWithDeadLetter(this, `Queue-${spec.id}`, spec, { names, dataKey: keys.dataKey }),
      ]),
    );
    const buckets = new StorageBuckets(this, "Buckets", {
      buckets: topology.buckets,
      names,
      dataKey: keys.dataKey,
    });
    this.buckets = buckets.byId;
    this.accessLogs = buckets.accessLogs;
    this.secrets = new ServiceSecrets(this, "Secrets", {
      secrets: topology.secrets,
      names,
      dataKey: keys.dataKey,
    }).byId;
    this.alarmTopic = new AlarmTopic(this, "Alarms", {
      names,
      dataKey: keys.dataKey,
      email: props.settings.alarmEmail,
    }).topic;
    this.mail = new MailSending(this, "Mail", { names, dataKey: keys.dataKey, settings: props.settings });
    this.console = deploysConsole(topology) ? new ConsoleUserPool(this, "Console", { names }) : undefined;
    if (this.console !== undefined) {
      new CfnOutput(this, "ConsoleUserPoolId", {
        value: this.console.userPool.userPoolId,
        description: "The console's Cognito user pool: create operators here (docs/deploying.md)",
      });
    }
  }
}
