import { invokedFunctionNameEnv } from "../../infra/topology/environment-names.js";
import type { FunctionSpec, SecretId, Topology } from "../../infra/topology/types.js";
import { TopologyError } from "./errors.js";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./local-aws.js";
import type { LocalResources } from "./local-resources.js";

export interface LocalEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
  readonly lambda: string;
}

export interface LocalChainValues {
  readonly rpcUrl: string;
  readonly chainId: bigint;
  readonly registryAddress: string;
  readonly serviceId: bigint;
  readonly signerPrivateKey: string;
  /** Stands in for the registry admin KMS key (creates registry services for `service create`). */
  readonly adminPrivateKey: string;
}

/** The local mailbox: functions with `needs.email` send to it over SMTP. */
export interface LocalMailValues {
  readonly smtpUrl: string;
  readonly fromAddress: string;
  readonly helpCentreUrl: string;
}

/**
 * What every function gets locally: region, dummy credentials, the SDK's per-service endpoint variables
 * pointing at the emulators, and quiet Powertools (metrics off; handler logs at `logLevel`, WARN by
 * default, because the runtime writes its own line per invocation).
 */
export function commonEnvironment(endpoints: LocalEndpoints, logLevel: string): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    // fauxqs has no virtual-host DNS for buckets.
    S3_FORCE_PATH_STYLE: "true",
    POWERTOOLS_SERVICE_NAME: "kyc-attest",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: logLevel,
    // Webhook bodies name the stage that sent them (`env`); production defaults to `prod`.
    WEBHOOK_ENV: "local",
  };
}

/** The variables one function's `needs` and `environment` call for, with their local values. */
export function functionEnvironment(
  spec: FunctionSpec,
  topology: Pick<Topology, "tables" | "queues" | "buckets" | "secrets" | "chain" | "keys" | "email">,
  resources: LocalResources,
  secrets: Readonly<Record<SecretId, string>>,
  chain: LocalChainValues,
  mail?: LocalMailValues,
): Record<string, string> {
  const env: Record<string, string> = { ...spec.environment };
  const { needs } = spec;
  for (const tableId of Object.keys(needs.tables ?? {})) {
    const table = required(
      topology.tables.find((t) => t.id === tableId),
      spec,
      `table ${tableId}`,
    );
    env[table.nameEnv] = required(resources.tables[tableId], spec, `table ${tableId}`);
  }
  for (const queueId of needs.sendsTo ?? []) {
    const queue = required(
      topology.queues.find((q) => q.id === queueId),
      spec,
      `queue ${queueId}`,
    );
    env[queue.urlEnv] = required(resources.queues[queueId], spec, `queue ${queueId}`).url;
  }
  for (const bucketId of Object.keys(needs.buckets ?? {})) {
    const bucket = required(
      topology.buckets.find((b) => b.id === bucketId),
      spec,
      `bucket ${bucketId}`,
    );
    env[bucket.nameEnv] = required(resources.buckets[bucketId], spec, `bucket ${bucketId}`);
  }
  for (const secretId of needs.secrets ?? []) {
    const secret = required(
      topology.secrets.find((s) => s.id === secretId),
      spec,
      `secret ${secretId}`,
    );
    env[secret.env] = secrets[secretId];
  }
  for (const keyId of Object.keys(needs.keys ?? {})) {
    required(
      topology.keys.find((k) => k.id === keyId),
      spec,
      `key ${keyId}`,
    );
  }
  // No KMS locally: the chain signer is a Hardhat account whose private key stands in for the key, also
  // where only its address (public key) is needed.
  const signerOperations = needs.keys?.chainSigner ?? [];
  if (signerOperations.includes("sign") || signerOperations.includes("public-key")) {
    env[topology.chain.localSignerPrivateKeyEnv] = chain.signerPrivateKey;
  }
  if (needs.keys?.registryAdmin?.includes("sign")) {
    env[topology.chain.localAdminPrivateKeyEnv] = chain.adminPrivateKey;
  }
  // The local Lambda endpoint (AWS_ENDPOINT_URL_LAMBDA) knows functions by their manifest names.
  for (const target of needs.invokes ?? []) env[invokedFunctionNameEnv(target)] = target;
  if (needs.chain === true) {
    env[topology.chain.rpcUrlEnv] = chain.rpcUrl;
    env[topology.chain.chainIdEnv] = chain.chainId.toString();
    env[topology.chain.registryAddressEnv] = chain.registryAddress;
    env[topology.chain.serviceIdEnv] = chain.serviceId.toString();
  }
  if (needs.email === true) {
    const values = required(mail, spec, "the local mailbox");
    // No SES locally: the notifier sends over SMTP to the in-process server (templates from the source).
    env[topology.email.localSmtpUrlEnv] = values.smtpUrl;
    env[topology.email.fromAddressEnv] = values.fromAddress;
    env[topology.email.helpCentreUrlEnv] = values.helpCentreUrl;
  }
  return env;
}

/**
 * Locally every handler runs in one process and reads one `process.env`, so the functions' variables are
 * merged; a variable two functions need with different values cannot be served and is an error.
 */
export function mergeEnvironments(
  environments: readonly { functionName: string; env: Readonly<Record<string, string>> }[],
): Record<string, string> {
  const merged: Record<string, string> = {};
  const owner: Record<string, string> = {};
  for (const { functionName, env } of environments) {
    for (const [name, value] of Object.entries(env)) {
      if (merged[name] !== undefined && merged[name] !== value) {
        throw new TopologyError(`${name} differs between ${owner[name]} and ${functionName}`, {
          variable: name,
          functions: [owner[name], functionName],
        });
      }
      merged[name] = value;
      owner[name] ??= functionName;
    }
  }
  return merged;
}

/** Sets `env` in process.env; returns the function that restores what was there before. */
export function applyEnvironment(env: Readonly<Record<string, string>>): () => void {
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function required<T>(value: T | undefined, spec: FunctionSpec, what: string): T {
  if (value === undefined) {
    throw new TopologyError(`function ${spec.name} needs ${what}, which the manifest does not define`, {
      functionName: spec.name,
    });
  }
  return value;
}
