/**
 * The topology manifest's vocabulary: every function, its triggers and what it needs. The CDK app and the
 * local runtime both read the manifest (infra/topology/manifest.ts), so they cannot drift.
 */
import type { TableDefinition } from "../../lambdas/adapters/dynamodb/table-definitions.js";

export type TableId = "main";
export type QueueId = string;
export type BucketId = "archive" | "checkpoints";
export type KeyId = "chainSigner" | "registryAdmin" | "data";
export type SecretId = "identifierPepper" | "refKeyPepper" | "webhookSigningKey";
export type KeyOperation = "sign" | "public-key" | "encrypt" | "decrypt";

/** Scope an API key must carry for a route (checked by the API's Lambda REQUEST authorizer). */
export type ApiScope = "intake" | "status" | "review";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export type Trigger =
  /** An API Gateway REST route; `auth: "none"` is public (e.g. the OpenAPI document). */
  | {
      readonly kind: "http";
      readonly method: HttpMethod;
      readonly path: string;
      /** A key scope (the API key authorizer), `console` (the console's session authorizer) or `none`. */
      readonly auth: ApiScope | "console" | "none";
    }
  /** An SQS event source mapping (`reportBatchItemFailures` always on). */
  | {
      readonly kind: "sqs";
      readonly queue: QueueId;
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
    }
  /** An EventBridge Scheduler schedule, e.g. `rate(12 hours)`; the event's `time` is the job's "now". */
  | { readonly kind: "schedule"; readonly expression: string; readonly description: string }
  /** Invoked directly through the Lambda Invoke API (operator CLI, other functions). */
  | { readonly kind: "invoke" };

export interface FunctionNeeds {
  /** Table access; `write` includes `read`. */
  readonly tables?: Readonly<Partial<Record<TableId, "read" | "write">>>;
  /** Queues the function sends to (consumption is implied by an `sqs` trigger). */
  readonly sendsTo?: readonly QueueId[];
  readonly buckets?: Readonly<Partial<Record<BucketId, "read" | "write">>>;
  /**
   * KMS: `sign` (and reading the public key) or only `public-key` (the signer's address) on the secp256k1
   * chain key; `encrypt`/`decrypt` on the data key.
   */
  readonly keys?: Readonly<Partial<Record<KeyId, readonly KeyOperation[]>>>;
  /** Secrets whose value the function reads from its environment. */
  readonly secrets?: readonly SecretId[];
  /** Other functions it invokes. */
  readonly invokes?: readonly string[];
  /** Needs the chain RPC URL, chain id and registry address (names in `Topology.chain`). */
  readonly chain?: boolean;
  /**
   * Sends e-mail to users (names in `Topology.email`): through SES from the deployment's sender identity
   * and configuration set on AWS, through the in-process SMTP server locally; gets the templates.
   */
  readonly email?: boolean;
  /**
   * Signs console users in (names in `Topology.console`): the Cognito user pool and app client on AWS
   * (ID tokens verified at sign-in), the console's public URL; locally only the URL (local operator login).
   */
  readonly consoleSignIn?: boolean;
}

export interface FunctionSpec {
  /** Stable name: Lambda function name suffix and the local Invoke name. */
  readonly name: string;
  readonly description: string;
  /** Handler file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Set when there must be at most N concurrent instances (e.g. one nonce writer per signer). */
  readonly reservedConcurrency?: number;
  readonly needs: FunctionNeeds;
  /** Fixed settings the handler reads (same value in every environment). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly triggers: readonly Trigger[];
}

export interface QueueSpec {
  readonly id: QueueId;
  /** Environment variable holding the queue URL for functions that use it. */
  readonly urlEnv: string;
  /** FIFO queues (and their DLQs) are named `<name>.fifo`. */
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  /** Messages received this many times go to the queue's dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
}

export interface BucketSpec {
  readonly id: BucketId;
  readonly nameEnv: string;
  readonly description: string;
  /** Objects move to infrequent-access storage after this many days. */
  readonly transitionToInfrequentAccessDays?: number;
  /** Objects are deleted this many days after creation. */
  readonly expireAfterDays?: number;
}

export interface TableSpec {
  readonly id: TableId;
  readonly nameEnv: string;
  readonly definition: TableDefinition;
}

export interface KeySpec {
  readonly id: KeyId;
  /** Environment variable holding the KMS key id/ARN for functions that use it. */
  readonly idEnv: string;
  readonly keySpec: "ECC_SECG_P256K1" | "SYMMETRIC_DEFAULT";
  readonly keyUsage: "SIGN_VERIFY" | "ENCRYPT_DECRYPT";
  readonly description: string;
}

export interface SecretSpec {
  readonly id: SecretId;
  /** Environment variable holding the secret value (`base64:`/`hex:` prefixed or text). */
  readonly env: string;
  /** Random bytes to generate when the secret is created. */
  readonly bytes: number;
  readonly description: string;
}

/** Where functions with `needs.chain` find the chain. */
export interface ChainSpec {
  readonly rpcUrlEnv: string;
  readonly chainIdEnv: string;
  readonly registryAddressEnv: string;
  /** The registry's service id the deployment attests for. */
  readonly serviceIdEnv: string;
  /**
   * Local runs only: the private key of the Hardhat account that stands in for the KMS key (given to every
   * function with a `sign` or `public-key` need on the chain signer key).
   */
  readonly localSignerPrivateKeyEnv: string;
  /** Local runtime only: the variable holding the private key that stands in for the registry admin KMS key. */
  readonly localAdminPrivateKeyEnv: string;
}

/** The API's Lambda REQUEST authorizer, run before every route whose `auth` is a scope. */
export interface AuthorizerSpec {
  /** A function in `functions`; it answers an IAM policy whose `context` carries `{ clientId, scope, keyId }`. */
  readonly functionName: string;
  /** Request headers that must be present; API Gateway answers 401 without calling the authorizer otherwise. */
  readonly identityHeaders: readonly string[];
  /** API Gateway caches the policy per identity value for this long (0: no cache). */
  readonly resultsCacheTtlSeconds: number;
}

/** An API Gateway gateway response (answered by the gateway itself, not by a function). */
export interface GatewayResponseSpec {
  readonly statusCode: number;
  /**
   * The `message` of the `{ status: "error", code, message }` envelope; absent: API Gateway's own message
   * (`$context.error.message`, e.g. "User is not authorized to access this resource with an explicit deny").
   */
  readonly message?: string;
  /** Sent as `Retry-After` (seconds), for throttling answers that clients back off on. */
  readonly retryAfterSeconds?: number;
}

/** The gateway responses the API customises, by API Gateway response type. */
export type GatewayResponseType =
  | "UNAUTHORIZED"
  | "ACCESS_DENIED"
  | "MISSING_AUTHENTICATION_TOKEN"
  | "REQUEST_TOO_LARGE"
  | "AUTHORIZER_FAILURE"
  | "AUTHORIZER_CONFIGURATION_ERROR"
  | "INTEGRATION_FAILURE"
  | "INTEGRATION_TIMEOUT"
  | "THROTTLED";

/**
 * API Gateway's token bucket: `rateLimit` requests per second on average, up to `burstLimit` at once.
 * Beyond it the gateway answers its THROTTLED response (429 with `Retry-After`).
 */
export interface ThrottleSpec {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ApiSpec {
  /** API Gateway's own request payload limit. */
  readonly maxRequestBodyBytes: number;
  /** API Gateway's integration timeout (REST APIs: 29 s by default). */
  readonly integrationTimeoutSeconds: number;
  readonly gatewayResponses: Readonly<Record<GatewayResponseType, GatewayResponseSpec>>;
  /** The stage's default method throttling (AWS only: the local stack serves one developer). */
  readonly stageThrottle: ThrottleSpec;
  /**
   * Each API key's limit, by the scope of the routes it calls: one API Gateway usage plan per scope on
   * AWS, a token bucket per authorizer usage identifier (`usageIdentifierKey`) on the local stack.
   */
  readonly perKeyThrottle: Readonly<Record<ApiScope, ThrottleSpec>>;
}

/** Where functions with `needs.email` find their mail settings and templates. */
export interface EmailSpec {
  /** The sender address (on AWS, the SES identity's address). */
  readonly fromAddressEnv: string;
  /** AWS only: the SES configuration set (its event destination publishes bounces and complaints). */
  readonly configurationSetEnv: string;
  /** Local runs only: the in-process SMTP server's URL (the notifier sends over SMTP when it is set). */
  readonly localSmtpUrlEnv: string;
  /** Base URL of the help articles rejection notices link to. */
  readonly helpCentreUrlEnv: string;
  /** The template files, relative to the repository root; a Lambda bundle carries a copy. */
  readonly templatesDir: string;
  /** Where the function finds the templates (set in the bundle; the source directory by default). */
  readonly templatesDirEnv: string;
}

/** The operator and customer console: its sign-in settings and where its built app lives. */
export interface ConsoleSpec {
  readonly userPoolIdEnv: string;
  readonly userPoolClientIdEnv: string;
  /** The Cognito hosted UI's base URL (https://<prefix>.auth.<region>.amazoncognito.com). */
  readonly cognitoDomainEnv: string;
  /** Where users open the console (CloudFront on AWS, the local API server locally), ending in `/console/`. */
  readonly publicUrlEnv: string;
  /** The built app (Vite output), relative to the repository root; served under `/console/`. */
  readonly assetsDir: string;
}

export interface Topology {
  readonly tables: readonly TableSpec[];
  readonly queues: readonly QueueSpec[];
  readonly buckets: readonly BucketSpec[];
  readonly keys: readonly KeySpec[];
  readonly secrets: readonly SecretSpec[];
  readonly chain: ChainSpec;
  readonly email: EmailSpec;
  readonly api: ApiSpec;
  readonly authorizer: AuthorizerSpec;
  /** The console routes' REQUEST authorizer (the session cookie); run before every `auth: "console"` route. */
  readonly consoleAuthorizer: AuthorizerSpec;
  readonly console: ConsoleSpec;
  readonly functions: readonly FunctionSpec[];
}
