/**
 * The CDK app (`npx cdk synth|deploy --all`, see cdk.json). Context: stage, rpcUrl, chainId,
 * registryAddress, registryServiceId, alarmEmail, logRetentionDays, attesterLagAlarmSeconds,
 * perKeyThrottling, senderEmail, senderDomain, helpCentreUrl, consoleDomainName, consoleCertificateArn,
 * consoleAssetsDir.
 */
import { fileURLToPath } from "node:url";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { addKycAttestStacks } from "./kyc-attest-app.js";
import { topology } from "./topology/manifest.js";

const app = new App();
addKycAttestStacks(app, { topology, repositoryRoot: fileURLToPath(new URL("..", import.meta.url)) });
// Synthesis fails on any cdk-nag finding that is not acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
