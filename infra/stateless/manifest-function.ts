import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { DeploymentSettings } from "../deployment-settings.js";
import type { ResourceNames } from "../naming.js";
import type { StatefulResources } from "../stateful-stack.js";
import type { FunctionSpec, Topology } from "../topology/types.js";
import {
  BUNDLED_TEMPLATES_DIR,
  functionEnvironment,
  type ConsoleSignInValues,
} from "./function-environment.js";
import { grantManifestNeeds } from "./function-permissions.js";

export interface ManifestFunctionProps {
  readonly spec: FunctionSpec;
  readonly topology: Topology;
  readonly resources: StatefulResources;
  readonly names: ResourceNames;
  readonly settings: DeploymentSettings;
  /** Absolute path of the repository (entries in the manifest are relative to it). */
  readonly repositoryRoot: string;
  /** Given to functions with `needs.consoleSignIn`. */
  readonly consoleSignIn?: ConsoleSignInValues;
}

/**
 * ESM output needs `require` for the few CommonJS dependencies esbuild inlines; the alias avoids
 * clashing with a bundled module's own `createRequire` import.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __kycAttestCreateRequire } from 'node:module'; const require = __kycAttestCreateRequire(import.meta.url);";

/**
 * One manifest function on Lambda: Node.js 24 on ARM64, bundled locally by esbuild (ESM, minified,
 * source maps), its own log group with retention, its own role holding only what the manifest grants,
 * and its configuration encrypted with the data key (it may carry the identifier pepper).
 */
export class ManifestFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ManifestFunctionProps) {
    super(scope, id);
    const { spec, names, settings, resources, repositoryRoot } = props;
    const functionName = names.function(spec);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      logGroupName: names.functionLogGroup(spec),
      retention: settings.logRetentionDays as logs.RetentionDays,
      // Logs are operational (the audit trail lives in DynamoDB); a redeploy must be able to recreate them.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${functionName}: only what the topology manifest grants it`,
    });
    this.logGroup.grantWrite(this.role);
    grantManifestNeeds(this.role, spec, props);
    // Lambda decrypts the function's own configuration with the data key, and nothing else with this grant.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["kms:Decrypt"],
        resources: [resources.dataKey.keyArn],
        conditions: { StringEquals: { "kms:EncryptionContext:LambdaFunctionName": functionName } },
      }),
    );

    this.function = new nodejs.NodejsFunction(this, "Function", {
      functionName,
      description: spec.description,
      entry: join(repositoryRoot, spec.entry),
      handler: "handler",
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      reservedConcurrentExecutions: spec.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: functionEnvironment(spec, props),
      environmentEncryption: resources.dataKey,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: "node24",
        mainFields: ["module", "main"],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        tsconfig: join(repositoryRoot, "tsconfig.json"),
        // No Docker on build machines: esbuild from node_modules bundles locally.
        forceDockerBundling: false,
        logLevel: nodejs.LogLevel.ERROR,
        // Functions that send e-mail render the template files at run time: the bundle carries them.
        ...(spec.needs.email === true
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  `cp -R "${join(inputDir, props.topology.email.templatesDir)}" "${join(outputDir, BUNDLED_TEMPLATES_DIR)}"`,
                ],
              },
            }
          : {}),
      },
    });
  }
}
