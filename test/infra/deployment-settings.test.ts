import { Construct } from "constructs";
import {
  DeploymentSettingsError,
  LOCAL_CHAIN_DEFAULTS,
  MAIL_DEFAULTS,
  readDeploymentSettings,
} from "../../infra/deployment-settings.js";

function settingsFrom(context: Record<string, unknown>) {
  const root = new Construct(undefined as unknown as Construct, "");
  for (const [key, value] of Object.entries(context)) root.node.setContext(key, value);
  return readDeploymentSettings(root.node);
}

describe("readDeploymentSettings", () => {
  test("defaults let synth run offline, pointing the chain at the local Hardhat node", () => {
    expect(settingsFrom({})).toEqual({
      stage: "dev",
      ...LOCAL_CHAIN_DEFAULTS,
      alarmEmail: undefined,
      logRetentionDays: 90,
      attesterLagAlarmSeconds: 300,
      perKeyThrottling: false,
      senderEmail: MAIL_DEFAULTS.senderEmail,
      senderDomain: undefined,
      helpCentreUrl: MAIL_DEFAULTS.helpCentreUrl,
      usesLocalChainDefaults: true,
    });
  });

  test("reads the notifier's sender and refuses an address outside the sender domain", () => {
    expect(
      settingsFrom({ senderEmail: "kyc@mail.example.org", senderDomain: "mail.example.org" }),
    ).toMatchObject({
      senderEmail: "kyc@mail.example.org",
      senderDomain: "mail.example.org",
    });
    expect(() =>
      settingsFrom({ senderEmail: "kyc@other.example.org", senderDomain: "mail.example.org" }),
    ).toThrow("senderEmail must be an address of senderDomain");
  });

  test("reads `-c` strings and cdk.json values alike", () => {
    const settings = settingsFrom({
      stage: "prod",
      rpcUrl: "https://base-mainnet.example.org",
      chainId: "8453",
      registryAddress: "0x2222222222222222222222222222222222222222",
      registryServiceId: 3,
      alarmEmail: "ops@example.org",
      logRetentionDays: "30",
      perKeyThrottling: "true",
    });
    expect(settings).toMatchObject({
      stage: "prod",
      rpcUrl: "https://base-mainnet.example.org",
      chainId: 8453,
      registryServiceId: 3,
      alarmEmail: "ops@example.org",
      logRetentionDays: 30,
      perKeyThrottling: true,
      usesLocalChainDefaults: false,
    });
  });

  test("refuses malformed values with every problem listed", () => {
    const read = () =>
      settingsFrom({
        stage: "Prod_1",
        chainId: "-1",
        registryAddress: "0x12",
        logRetentionDays: 42,
        perKeyThrottling: "yes",
      });
    expect(read).toThrow(DeploymentSettingsError);
    try {
      read();
    } catch (error) {
      const problems = (error as DeploymentSettingsError).context.problems as string[];
      expect(problems.map((problem) => problem.split(":")[0])).toEqual([
        "stage",
        "chainId",
        "registryAddress",
        "logRetentionDays",
        "perKeyThrottling",
      ]);
    }
  });

  test("reads the console's own domain and certificate together, and refuses one without the other", () => {
    const certificateArn =
      "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    expect(
      settingsFrom({ consoleDomainName: "console.example.org", consoleCertificateArn: certificateArn }),
    ).toMatchObject({
      consoleDomain: { domainName: "console.example.org", certificateArn },
    });
    expect(settingsFrom({}).consoleDomain).toBeUndefined();
    expect(() => settingsFrom({ consoleDomainName: "console.example.org" })).toThrow(
      /consoleDomainName and consoleCertificateArn go together/,
    );
    // CloudFront reads certificates only from us-east-1.
    expect(() =>
      settingsFrom({
        consoleDomainName: "console.example.org",
        consoleCertificateArn: certificateArn.replace("us-east-1", "eu-west-1"),
      }),
    ).toThrow(/consoleCertificateArn: an ACM certificate ARN in us-east-1/);
  });

  test("refuses half a chain configuration", () => {
    expect(() => settingsFrom({ rpcUrl: "https://rpc.example.org" })).toThrow(
      /rpcUrl, chainId and registryAddress go together/,
    );
  });
});
