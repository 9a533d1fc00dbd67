import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";
import type { SQSMessageAttributes, SQSRecord } from "aws-lambda";
import { LOCAL_REGION } from "./local-aws.js";

/** A received SQS message as Lambda's event source mapping puts it in the event's `Records`. */
export function sqsRecordOf(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const record: SQSRecord = {
    messageId: required(message.MessageId, "MessageId"),
    receiptHandle: required(message.ReceiptHandle, "ReceiptHandle"),
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: required(attributes.ApproximateReceiveCount, "ApproximateReceiveCount"),
      SentTimestamp: required(attributes.SentTimestamp, "SentTimestamp"),
      SenderId: attributes.SenderId ?? "000000000000",
      ApproximateFirstReceiveTimestamp: required(
        attributes.ApproximateFirstReceiveTimestamp,
        "ApproximateFirstReceiveTimestamp",
      ),
      ...(attributes.MessageGroupId === undefined ? {} : { MessageGroupId: attributes.MessageGroupId }),
      ...(attributes.MessageDeduplicationId === undefined
        ? {}
        : { MessageDeduplicationId: attributes.MessageDeduplicationId }),
      ...(attributes.SequenceNumber === undefined ? {} : { SequenceNumber: attributes.SequenceNumber }),
    },
    messageAttributes: messageAttributesOf(message.MessageAttributes ?? {}),
    md5OfBody: required(message.MD5OfBody, "MD5OfBody"),
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
  if (message.MD5OfMessageAttributes !== undefined)
    record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

/** SQS API attribute values (`StringValue`, bytes) in Lambda's event spelling (`stringValue`, base64). */
function messageAttributesOf(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      {
        ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
        ...(value.BinaryValue === undefined
          ? {}
          : { binaryValue: Buffer.from(value.BinaryValue).toString("base64") }),
        stringListValues: [],
        binaryListValues: [],
        dataType: value.DataType ?? "String",
      },
    ]),
  );
}

function required(value: string | undefined, field: string): string {
  if (value === undefined) throw new Error(`the received SQS message has no ${field}`);
  return value;
}

/** What the event source mapping does with a batch once the function has answered. */
export type BatchVerdict =
  | { kind: "all-succeeded" }
  | { kind: "some-failed"; failedMessageIds: ReadonlySet<string> }
  | { kind: "batch-failed"; reason: string };

/**
 * Lambda's rules for `ReportBatchItemFailures`: a function error, a malformed response, or an item
 * identifier that is empty or not a message of the batch fails the whole batch; a null or empty response
 * or an empty `batchItemFailures` list succeeds it; otherwise only the listed messages failed.
 */
export function batchVerdictOf(
  records: readonly Pick<SQSRecord, "messageId">[],
  outcome: { status: "ok"; payload: unknown } | { status: "error"; errorType: string },
): BatchVerdict {
  if (outcome.status === "error")
    return { kind: "batch-failed", reason: `function error ${outcome.errorType}` };
  const payload = outcome.payload;
  if (payload === null || payload === undefined) return { kind: "all-succeeded" };
  if (typeof payload !== "object" || Array.isArray(payload)) {
    return { kind: "batch-failed", reason: "the response is not a batch response object" };
  }
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { kind: "all-succeeded" };
  if (!Array.isArray(failures)) return { kind: "batch-failed", reason: "batchItemFailures is not a list" };
  if (failures.length === 0) return { kind: "all-succeeded" };
  const inBatch = new Set(records.map((record) => record.messageId));
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || id === "" || !inBatch.has(id)) {
      return { kind: "batch-failed", reason: `invalid itemIdentifier ${JSON.stringify(id ?? null)}` };
    }
    failed.add(id);
  }
  return { kind: "some-failed", failedMessageIds: failed };
}
