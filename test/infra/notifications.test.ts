import { AwsSolutionsChecks } from "cdk-nag";
import { topology as manifest } from "../../infra/topology/manifest.js";
import { synthesize, type Synthesized } from "./support/synthesize.js";
import { actions, resourcesOfType, roleStatements, single } from "./support/template-queries.js";

const PREFIX = "kyc-attest-test";
let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize({
    topology: manifest,
    context: {
      senderEmail: "kyc@mail.example.org",
      senderDomain: "mail.example.org",
      helpCentreUrl: "https://help.example.org/kyc/",
    },
  });
});

describe("notifications on AWS", () => {
  test("the stateful stack holds the SES identity, a TLS-only configuration set and the bounce/complaint topic", () => {
    const template = synthesized.statefulTemplate;
    const [configurationSetId] = single(template, "AWS::SES::ConfigurationSet", {
      Name: `${PREFIX}-mail`,
      DeliveryOptions: { TlsPolicy: "REQUIRE" },
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    single(template, "AWS::SES::EmailIdentity", {
      EmailIdentity: "mail.example.org",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: configurationSetId } },
    });
    const [topicId] = single(template, "AWS::SNS::Topic", { TopicName: `${PREFIX}-mail-feedback` });
    const [, destination] = single(template, "AWS::SES::ConfigurationSetEventDestination", {});
    expect(destination.Properties).toMatchObject({
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: expect.arrayContaining(["bounce", "complaint"]),
        SnsDestination: { TopicARN: { Ref: topicId } },
      },
    });
  });

  test("the notifier consumes the notification queue, may send only as the sender, and gets its settings", () => {
    const template = synthesized.statelessTemplate;
    const [, notifier] = single(template, "AWS::Lambda::Function", { FunctionName: `${PREFIX}-notifier` });
    expect(notifier.Properties.Environment).toMatchObject({
      Variables: {
        MAIL_FROM_ADDRESS: "kyc@mail.example.org",
        SES_CONFIGURATION_SET: `${PREFIX}-mail`,
        HELP_CENTRE_URL: "https://help.example.org/kyc/",
        NOTIFICATION_TEMPLATES_DIR: "/var/task/notification-templates",
      },
    });
    const roleId = (notifier.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const send = roleStatements(template, roleId).filter((statement) =>
      actions(statement).includes("ses:SendEmail"),
    );
    expect(send).toHaveLength(1);
    expect(send[0]!.Condition).toEqual({ StringEquals: { "ses:FromAddress": "kyc@mail.example.org" } });
    // Nothing else may send e-mail.
    const senders = Object.entries(resourcesOfType(template, "AWS::IAM::Policy")).filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes("ses:SendEmail"),
    );
    expect(senders).toHaveLength(1);
    const mappings = Object.values(resourcesOfType(template, "AWS::Lambda::EventSourceMapping"));
    expect(
      mappings.filter((mapping) => JSON.stringify(mapping.Properties).includes("notification")),
    ).not.toHaveLength(0);
  });

  test("an alarm watches the notification dead-letter queue", () => {
    single(synthesized.statelessTemplate, "AWS::CloudWatch::Alarm", {
      AlarmName: `${PREFIX}-notification-dead-letters`,
    });
  });

  test("cdk-nag finds nothing unacknowledged with a verified sender domain", () => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
