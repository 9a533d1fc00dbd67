import { Aws } from "aws-cdk-lib";
import { tableNameFor, type TableDefinition } from "../lambdas/adapters/dynamodb/table-definitions.js";
import type { ApiScope, BucketSpec, FunctionSpec, KeyId, QueueSpec, SecretSpec } from "./topology/types.js";

/**
 * Physical names of everything the app creates, derived from the deployment prefix (`kyc-attest-<stage>`).
 * Names are deterministic so both stacks, the operator CLI and IAM statements can refer to a resource
 * without a CloudFormation export.
 */
export class ResourceNames {
  constructor(readonly prefix: string) {}

  static forStage(stage: string): ResourceNames {
    return new ResourceNames(`kyc-attest-${stage}`);
  }

  table(definition: TableDefinition): string {
    return tableNameFor(this.prefix, definition);
  }

  queue(spec: QueueSpec): string {
    return `${this.prefix}-${spec.id}${spec.fifo ? ".fifo" : ""}`;
  }

  /** A FIFO queue's dead-letter queue must itself be FIFO (and named `.fifo`). */
  deadLetterQueue(spec: QueueSpec): string {
    return `${this.prefix}-${spec.id}-dlq${spec.fifo ? ".fifo" : ""}`;
  }

  /** Bucket names are global: the account and region make them unique per deployment. */
  bucket(spec: BucketSpec): string {
    return `${this.prefix}-${spec.id}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
  }

  function(spec: Pick<FunctionSpec, "name">): string {
    return `${this.prefix}-${spec.name}`;
  }

  functionLogGroup(spec: Pick<FunctionSpec, "name">): string {
    return `/aws/lambda/${this.function(spec)}`;
  }

  restApi(): string {
    return `${this.prefix}-api`;
  }

  /** The usage plan holding the API keys of one scope (their per-key limits). */
  usagePlan(scope: ApiScope): string {
    return `${this.prefix}-${scope}`;
  }

  apiAccessLogGroup(): string {
    return `/aws/apigateway/${this.restApi()}/access`;
  }

  secret(spec: Pick<SecretSpec, "id">): string {
    return `${this.prefix}/${spec.id}`;
  }

  /** `chainSigner` → `alias/kyc-attest-<stage>-chain-signer`. */
  keyAlias(id: KeyId): string {
    return `alias/${this.prefix}-${id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  }

  alarmTopic(): string {
    return `${this.prefix}-alarms`;
  }

  /** The notifier's SES configuration set. */
  mailConfigurationSet(): string {
    return `${this.prefix}-mail`;
  }

  /** Where SES publishes bounces and complaints of the notifier's e-mails. */
  mailFeedbackTopic(): string {
    return `${this.prefix}-mail-feedback`;
  }

  /** The Cognito user pool of the console's operators. */
  consoleUserPool(): string {
    return `${this.prefix}-console`;
  }

  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique per region. */
  consoleDomainPrefix(): string {
    return this.prefix;
  }

  consoleClient(): string {
    return `${this.prefix}-console`;
  }

  schedule(spec: Pick<FunctionSpec, "name">, index: number): string {
    return `${this.prefix}-${spec.name}-${index}`;
  }

  operatorPolicy(): string {
    return `${this.prefix}-operator-invoke`;
  }
}
