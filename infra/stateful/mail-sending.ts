import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as ses from "aws-cdk-lib/aws-ses";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { DeploymentSettings } from "../deployment-settings.js";
import type { ResourceNames } from "../naming.js";

/**
 * What the notifier sends through: the SES sender identity (the address, or its domain with Easy DKIM),
 * a configuration set that requires TLS and suppresses addresses that bounced or complained, and the
 * topic its event destination publishes bounces, complaints and rejections to. Stateful: a verified
 * identity and the topic's subscriptions must survive redeployments of the functions.
 */
export class MailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly feedbackTopic: sns.Topic;
  readonly senderEmail: string;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly names: ResourceNames;
      readonly dataKey: kms.IKey;
      readonly settings: Pick<DeploymentSettings, "senderEmail" | "senderDomain">;
    },
  ) {
    super(scope, id);
    const { names, settings } = props;
    this.senderEmail = settings.senderEmail;
    this.configurationSet = new ses.ConfigurationSet(this, "ConfigurationSet", {
      configurationSetName: names.mailConfigurationSet(),
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.identity = new ses.EmailIdentity(this, "Identity", {
      identity:
        settings.senderDomain === undefined
          ? ses.Identity.email(settings.senderEmail)
          : ses.Identity.domain(settings.senderDomain),
      configurationSet: this.configurationSet,
    });
    this.feedbackTopic = new sns.Topic(this, "Feedback", {
      topicName: names.mailFeedbackTopic(),
      displayName: "kyc-attest e-mail bounces and complaints",
      masterKey: props.dataKey,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination("BouncesAndComplaints", {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
      ],
    });
    // SES publishes to an encrypted topic only if the key lets it.
    props.dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "SesPublishesMailFeedbackToEncryptedTopic",
        principals: [new iam.ServicePrincipal("ses.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
  }
}
