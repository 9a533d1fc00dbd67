import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { DecisionQueue, ReviewRequest } from "../../domain/ports.js";
import { encodeReviewRequest } from "./review-request-message.js";

/** The bots' input: one SQS message per profile that became `waiting`. */
export class SqsDecisionQueue implements DecisionQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(request: ReviewRequest): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: encodeReviewRequest(request) }),
    );
  }
}
