import { SecretValue } from "aws-cdk-lib";
import type { DeploymentSettings } from "../deployment-settings.js";
import type { ResourceNames } from "../naming.js";
import type { StatefulResources } from "../stateful-stack.js";
import { invokedFunctionNameEnv } from "../topology/environment-names.js";
import type { FunctionSpec, Topology } from "../topology/types.js";

/** Where a Lambda bundle of a function that sends e-mail carries the notification templates. */
export const BUNDLED_TEMPLATES_DIR = "notification-templates";

/** Powertools reads these; the values match the defaults in lambdas/shared/observability.ts. */
export const OBSERVABILITY_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: "kyc-attest",
  POWERTOOLS_METRICS_NAMESPACE: "KycAttest",
  POWERTOOLS_LOG_LEVEL: "INFO",
  // Stack traces point into the TypeScript sources (esbuild writes the source maps).
  NODE_OPTIONS: "--enable-source-maps",
} as const;

export class EnvironmentConflictError extends Error {
  override readonly name = "EnvironmentConflictError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(functionName: string, variable: string) {
    super(`function ${functionName}: environment variable ${variable} would get two values`);
    this.context = { functionName, variable };
  }
}

/** What functions with `needs.consoleSignIn` are told on AWS (deploy-time references). */
export interface ConsoleSignInValues {
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly cognitoDomainUrl: string;
  /** The console's entry page (`https://<host>/console/`): the app client's redirect URL. */
  readonly consoleUrl: string;
}

export class ConsoleNotDeployedError extends Error {
  override readonly name = "ConsoleNotDeployedError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(functionName: string) {
    super(`function ${functionName} needs console sign-in, but the deployment has no console`);
    this.context = { functionName };
  }
}

/**
 * A function's environment, from what the manifest says it needs and nothing more: a function learns
 * the name of a table, queue, bucket, key or secret only if it may use it.
 */
export function functionEnvironment(
  spec: FunctionSpec,
  context: {
    readonly topology: Topology;
    readonly resources: StatefulResources;
    readonly names: ResourceNames;
    readonly settings: DeploymentSettings;
    /** The user pool, app client and hosting of the console, when the deployment has one. */
    readonly consoleSignIn?: ConsoleSignInValues;
  },
): Record<string, string> {
  const { topology, resources, names, settings, consoleSignIn } = context;
  const environment: Record<string, string> = {};
  const set = (variable: string, value: string) => {
    if (variable in environment) throw new EnvironmentConflictError(spec.name, variable);
    environment[variable] = value;
  };
  for (const [variable, value] of Object.entries(OBSERVABILITY_ENVIRONMENT)) set(variable, value);
  for (const [variable, value] of Object.entries(spec.environment ?? {})) set(variable, value);
  for (const table of topology.tables) {
    if (spec.needs.tables?.[table.id] !== undefined) set(table.nameEnv, names.table(table.definition));
  }
  for (const queue of topology.queues) {
    const stateful = resources.queues.get(queue.id);
    if (spec.needs.sendsTo?.includes(queue.id) && stateful !== undefined)
      set(queue.urlEnv, stateful.queue.queueUrl);
  }
  for (const bucket of topology.buckets) {
    if (spec.needs.buckets?.[bucket.id] !== undefined) set(bucket.nameEnv, names.bucket(bucket));
  }
  for (const key of topology.keys) {
    const stateful = resources.keys.get(key.id);
    if (spec.needs.keys?.[key.id] !== undefined && stateful !== undefined) set(key.idEnv, stateful.keyArn);
  }
  for (const secret of topology.secrets) {
    if (spec.needs.secrets?.includes(secret.id)) {
      // A CloudFormation dynamic reference: the value is resolved at deployment and only ever stored in the
      // function's configuration, which is encrypted with the data key.
      set(secret.env, SecretValue.secretsManager(names.secret(secret)).unsafeUnwrap());
    }
  }
  // Functions that sign webhooks name the deployment stage in every body's `env` (Blockpass's field).
  if (spec.needs.secrets?.includes("webhookSigningKey")) set("WEBHOOK_ENV", settings.stage);
  if (spec.needs.chain === true) {
    set(topology.chain.rpcUrlEnv, settings.rpcUrl);
    set(topology.chain.chainIdEnv, String(settings.chainId));
    set(topology.chain.registryAddressEnv, settings.registryAddress);
    set(topology.chain.serviceIdEnv, String(settings.registryServiceId));
  }
  if (spec.needs.email === true) {
    set(topology.email.fromAddressEnv, resources.mail.senderEmail);
    set(topology.email.configurationSetEnv, names.mailConfigurationSet());
    set(topology.email.helpCentreUrlEnv, settings.helpCentreUrl);
    // The bundle carries a copy of the templates (manifest-function.ts).
    set(topology.email.templatesDirEnv, `/var/task/${BUNDLED_TEMPLATES_DIR}`);
  }
  if (spec.needs.consoleSignIn === true) {
    if (consoleSignIn === undefined) throw new ConsoleNotDeployedError(spec.name);
    set(topology.console.userPoolIdEnv, consoleSignIn.userPoolId);
    set(topology.console.userPoolClientIdEnv, consoleSignIn.userPoolClientId);
    set(topology.console.cognitoDomainEnv, consoleSignIn.cognitoDomainUrl);
    set(topology.console.publicUrlEnv, consoleSignIn.consoleUrl);
  }
  for (const target of spec.needs.invokes ?? [])
    set(invokedFunctionNameEnv(target), names.function({ name: target }));
  return environment;
}
