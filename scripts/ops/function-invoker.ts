import { InvokeCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import { OperatorCommandError } from "./errors.js";
import { functionNameAt, type InvokeTarget } from "./invoke-target.js";

/** Invokes an operator function and answers its `data`, or throws OperatorCommandError. */
export type OperatorFunctionInvoker = (
  manifestName: string,
  payload: Record<string, unknown>,
) => Promise<unknown>;

/** Credentials for the local runtime, which does not check signatures (it listens on loopback only). */
const ENDPOINT_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

export function lambdaClientFor(target: InvokeTarget): LambdaClient {
  if (target.kind === "endpoint") {
    return new LambdaClient({
      endpoint: target.endpoint,
      region: target.region,
      credentials: ENDPOINT_CREDENTIALS,
    });
  }
  return new LambdaClient(target.region === undefined ? {} : { region: target.region });
}

/** The Lambda Invoke API (RequestResponse) against the target, with the operator functions' answer envelope. */
export function lambdaInvoker(client: LambdaClient, target: InvokeTarget): OperatorFunctionInvoker {
  return async (manifestName, payload) => {
    const functionName = functionNameAt(target, manifestName);
    let output;
    try {
      output = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: "RequestResponse",
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    } catch (cause) {
      throw transportError(cause, functionName, target);
    }
    const text = output.Payload === undefined ? "" : new TextDecoder().decode(output.Payload);
    return dataOf(functionName, output.FunctionError, text);
  };
}

/** Unwraps `{ status: "success", data }`; refusals, function errors and odd answers become errors. */
export function dataOf(functionName: string, functionError: string | undefined, text: string): unknown {
  let answer: unknown;
  try {
    answer = text === "" ? null : JSON.parse(text);
  } catch {
    throw new OperatorCommandError(502, `${functionName} answered something that is not JSON`);
  }
  if (functionError !== undefined) {
    const message = (answer as { errorMessage?: unknown } | null)?.errorMessage;
    throw new OperatorCommandError(
      502,
      `${functionName} failed: ${typeof message === "string" ? message : functionError}`,
      { functionName },
    );
  }
  const envelope = answer as { status?: unknown; data?: unknown; code?: unknown; message?: unknown } | null;
  if (envelope?.status === "success") return envelope.data;
  if (
    envelope?.status === "error" &&
    typeof envelope.code === "number" &&
    typeof envelope.message === "string"
  ) {
    throw new OperatorCommandError(envelope.code, envelope.message, { functionName });
  }
  throw new OperatorCommandError(502, `${functionName} answered without the operator envelope`, {
    functionName,
  });
}

function transportError(cause: unknown, functionName: string, target: InvokeTarget): OperatorCommandError {
  if (cause instanceof ResourceNotFoundException) {
    return new OperatorCommandError(
      404,
      `function ${functionName} does not exist at ${describe(target)}: is it deployed?`,
      { functionName },
      { cause },
    );
  }
  const code = (cause as { code?: unknown }).code;
  const refused = code === "ECONNREFUSED" || /ECONNREFUSED/.test(String(cause));
  const hint =
    target.kind === "aws" && target.fallback === true
      ? NO_LOCAL_STACK_HINT
      : refused && target.kind === "endpoint"
        ? " (is the local stack running? npm start)"
        : "";
  return new OperatorCommandError(
    503,
    `cannot invoke ${functionName} at ${describe(target)}: ${(cause as Error).message}${hint}`,
    { functionName },
    { cause },
  );
}

/** Why the CLI went to AWS at all: a newcomer usually meant the local stack. */
export const NO_LOCAL_STACK_HINT =
  ". No local stack is running (no .local/stack.json), so the CLI tried AWS: start the local stack with" +
  " `npm start` in another terminal, or name the AWS stage and region with --stage <stage> --region <region>" +
  " (or set AWS_REGION)";

function describe(target: InvokeTarget): string {
  return target.kind === "endpoint" ? target.endpoint : `AWS stage ${target.stage}`;
}
