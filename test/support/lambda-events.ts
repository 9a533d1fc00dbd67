import { randomUUID } from "node:crypto";
import type { Message } from "@aws-sdk/client-sqs";
import type { APIGatewayProxyEvent, Context, ScheduledEvent, SQSEvent, SQSRecord } from "aws-lambda";
import { callerIdentityOf } from "../../scripts/local/api-gateway-events.js";

/** A Lambda context like the runtime passes; `remainingMs` drives time-budgeted handlers. */
export function lambdaContext(functionName: string, remainingMs = 60_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface RestRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** API Gateway resource template, e.g. `/intake/1.0/{clientId}/profiles`. */
  resource: string;
  pathParameters: Record<string, string>;
  body?: unknown;
  /** Raw body text, to send something that is not JSON. */
  rawBody?: string;
  /** Lambda authorizer context; REST APIs deliver its values as strings. */
  authorizer?: Record<string, string> | null;
  headers?: Record<string, string>;
}

/** An API Gateway REST API (v1) Lambda proxy event, as the service sends it. */
export function restApiEvent(request: RestRequest): APIGatewayProxyEvent {
  const path = request.resource.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(request.pathParameters[name] ?? ""),
  );
  const body = request.rawBody ?? (request.body === undefined ? null : JSON.stringify(request.body));
  const headers = { "Content-Type": "application/json", ...request.headers };
  const now = Date.now();
  return {
    resource: request.resource,
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: request.pathParameters,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: request.authorizer === undefined ? null : request.authorizer,
      protocol: "HTTP/1.1",
      httpMethod: request.method,
      identity: callerIdentityOf("127.0.0.1", "jest"),
      path: `/local${path}`,
      stage: "local",
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: "local",
      resourcePath: request.resource,
    },
  };
}

/** Turns messages really received from an SQS endpoint into the batch event Lambda's poller delivers. */
export function sqsEventFromMessages(messages: Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map((message): SQSRecord => ({
      messageId: required(message.MessageId, "MessageId"),
      receiptHandle: required(message.ReceiptHandle, "ReceiptHandle"),
      body: required(message.Body, "Body"),
      attributes: {
        ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? "1",
        SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: message.Attributes?.SenderId ?? "000000000000",
        ApproximateFirstReceiveTimestamp:
          message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: required(message.MD5OfBody, "MD5OfBody"),
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: "us-east-1",
    })),
  };
}

/** An EventBridge Scheduler / rule "Scheduled Event" firing at `time`. */
export function scheduledEvent(time: string, ruleName = "dedup-sweep"): ScheduledEvent {
  return {
    id: randomUUID(),
    version: "0",
    account: "000000000000",
    time,
    region: "us-east-1",
    resources: [`arn:aws:events:us-east-1:000000000000:rule/${ruleName}`],
    source: "aws.events",
    "detail-type": "Scheduled Event",
    detail: {},
  };
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`received SQS message has no ${field}`);
  return value;
}
