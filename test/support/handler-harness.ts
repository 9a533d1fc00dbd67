import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import type { APIGatewayProxyResult, Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { LocalServices } from "./local-services.js";
import { lambdaContext, restApiEvent, sqsEventFromMessages, type RestRequest } from "./lambda-events.js";

/** A Lambda handler as middy exports it: (event, context) => Promise<result>. */
export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

export interface ApiResult {
  statusCode: number;
  body: { status: string; code?: number; message?: string; data?: Record<string, unknown> };
}

/** Invokes an API handler with a REST proxy event and parses the JSON envelope it answers. */
export async function callApi(handler: LambdaHandler<never, APIGatewayProxyResult>, request: RestRequest) {
  const result = await handler(restApiEvent(request) as never, lambdaContext("api"));
  return { statusCode: result.statusCode, body: JSON.parse(result.body) as ApiResult["body"] };
}

/** Receives what is on the queue now (several receives, as fauxqs returns at most 10). */
export async function receiveAll(local: LocalServices, queueUrl = local.reviewQueueUrl): Promise<Message[]> {
  const sqs = local.sqsClient();
  try {
    const messages: Message[] = [];
    for (;;) {
      const { Messages: batch = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ["All"],
          VisibilityTimeout: 30,
        }),
      );
      if (batch.length === 0) return messages;
      messages.push(...batch);
    }
  } finally {
    sqs.destroy();
  }
}

/** One receive of up to ten messages, visibility as the queue sets it (a consumer's own delays apply). */
export async function receiveBatch(local: LocalServices, queueUrl: string): Promise<Message[]> {
  const sqs = local.sqsClient();
  try {
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
      }),
    );
    return messages;
  } finally {
    sqs.destroy();
  }
}

/** The queue and function a batch is delivered from and to (default: the review queue and its bot). */
export interface BatchSource {
  queueUrl: string;
  queueArn: string;
  functionName: string;
}

/**
 * Acts like the SQS event source mapping: delivers received messages as one batch event and
 * deletes the ones the handler did not report as failed.
 */
export async function deliverBatch(
  local: LocalServices,
  handler: LambdaHandler<SQSEvent, SQSBatchResponse>,
  messages: Message[],
  source: BatchSource = {
    queueUrl: local.reviewQueueUrl,
    queueArn: local.reviewQueueArn,
    functionName: "review-bot",
  },
): Promise<SQSBatchResponse> {
  const response = await handler(
    sqsEventFromMessages(messages, source.queueArn),
    lambdaContext(source.functionName),
  );
  const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
  const done = messages.filter((message) => !failed.has(message.MessageId ?? ""));
  if (done.length > 0) {
    const sqs = local.sqsClient();
    try {
      for (let start = 0; start < done.length; start += 10) {
        const chunk = done.slice(start, start + 10);
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: source.queueUrl,
            Entries: chunk.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      }
    } finally {
      sqs.destroy();
    }
  }
  return response;
}
