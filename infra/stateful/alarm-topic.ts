import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { ResourceNames } from "../naming.js";

/**
 * Where every alarm notifies. It lives with the stateful resources so that confirmed email subscriptions
 * survive redeployments of the functions. Encrypted with the data key, which CloudWatch may use for it.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly names: ResourceNames; readonly dataKey: kms.IKey; readonly email: string | undefined },
  ) {
    super(scope, id);
    this.topic = new sns.Topic(this, "Topic", {
      topicName: props.names.alarmTopic(),
      displayName: "kyc-attest alarms",
      masterKey: props.dataKey,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm notifications to an encrypted topic only if the key lets it.
    props.dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudWatchAlarmsPublishToEncryptedTopic",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    if (props.email !== undefined)
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
