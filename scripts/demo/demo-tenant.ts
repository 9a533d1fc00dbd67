import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import { createService, type Plan } from "../../lambdas/domain/service.js";
import { localClientConfig } from "../local/local-aws.js";

export interface DemoTenant {
  readonly clientId: string;
  /** The whole `intake` key, as the identity provider would hold it. */
  readonly intakeKey: string;
  readonly intakeKeyId: string;
}

/** A function's error answer, or a request it refused. */
export class OperatorCallError extends Error {
  override readonly name = "OperatorCallError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(functionName: string, answer: unknown) {
    super(`${functionName} refused the request: ${JSON.stringify(answer)}`);
    this.context = { functionName };
  }
}

/**
 * The operator's part of onboarding a business: the service record (written to the table: no operator
 * function manages services yet) and an `intake` API key for its identity provider, created through the
 * Lambda Invoke API with `ops-api-keys`, exactly as the operator CLI does.
 */
export async function createDemoTenant(options: {
  readonly dynamodbEndpoint: string;
  readonly lambdaEndpoint: string;
  readonly tableName: string;
  readonly clientId: string;
  readonly name: string;
  readonly plan: Plan;
  /** The registry service its approvals are attested to (on-chain KYC, managed plans). */
  readonly onchainServiceId?: string;
}): Promise<DemoTenant> {
  const documents = createDocumentClient(localClientConfig(options.dynamodbEndpoint));
  try {
    await new DynamoDbServiceRepository(documents, options.tableName).put(
      createService({
        clientId: options.clientId,
        name: options.name,
        plan: options.plan,
        createdAt: new Date().toISOString(),
        onchainServiceId: options.onchainServiceId ?? null,
      }),
    );
  } finally {
    documents.destroy();
  }

  const key = await createDemoKey(options.lambdaEndpoint, options.clientId, "intake");
  return { clientId: options.clientId, intakeKey: key.apiKey, intakeKeyId: key.keyId };
}

/**
 * An API key for a demo service, created through the Lambda Invoke API with `ops-api-keys`, exactly
 * as the operator CLI does (`npm run ops -- key create --scope <scope>`).
 */
export async function createDemoKey(
  lambdaEndpoint: string,
  clientId: string,
  scope: string,
): Promise<{ apiKey: string; keyId: string }> {
  const lambda = new LambdaClient({ ...localClientConfig(lambdaEndpoint), maxAttempts: 1 });
  try {
    const request = { action: "create", clientId, scope, operator: "local-demo" };
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: "ops-api-keys",
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const payload = JSON.parse(new TextDecoder().decode(answer.Payload)) as {
      status?: string;
      data?: { apiKey?: string; key?: { keyId?: string } };
    };
    const apiKey = payload.data?.apiKey;
    const keyId = payload.data?.key?.keyId;
    if (answer.FunctionError !== undefined || payload.status !== "success" || !apiKey || !keyId) {
      throw new OperatorCallError("ops-api-keys", payload);
    }
    return { apiKey, keyId };
  } finally {
    lambda.destroy();
  }
}
