import type { Context } from "aws-lambda";
import type { FunctionSpec } from "../../infra/topology/types.js";
import { functionArn } from "./local-aws.js";

/** The Lambda context object the Node.js runtime passes next to the event. */
export function lambdaContext(spec: FunctionSpec, requestId: string, deadlineMs: number): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.name,
    functionVersion: "$LATEST",
    invokedFunctionArn: functionArn(spec.name),
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: `local/[$LATEST]${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
