import type { Context } from "aws-lambda";
import type { FunctionSpec } from "../../infra/topology/types.js";
import { functionArn } from "./local-aws.js";

/** The Lambda context object the Node.js runtime passes next to the event. */
/** `deadlineMs` may be a function: the local host brings deadlines forward while the stack stops. */
export function lambdaContext(
  spec: FunctionSpec,
  requestId: string,
  deadlineMs: number | (() => number),
): Context {
  const deadline = typeof deadlineMs === "number" ? () => deadlineMs : deadlineMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.name,
    functionVersion: "$LATEST",
    invokedFunctionArn: functionArn(spec.name),
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: `local/[$LATEST]${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline() - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
