import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, Context } from "aws-lambda";
import { Wallet } from "ethers";
import { indexEntriesFor } from "../../../../lambdas/domain/dedup/identifiers.js";
import type { Profile, ProfileStatus } from "../../../../lambdas/domain/profile.js";
import { applyTransition, type Actor } from "../../../../lambdas/domain/transitions.js";
import { aProfile, aService, clearCertificates } from "../../../support/domain-builders.js";
import { lambdaContext, sqsEventFromMessages } from "../../../support/lambda-events.js";
import type { ChainStack } from "./chain-stack.js";

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
type InvokeHandler = (event: unknown, context: Context) => Promise<unknown>;

/** The pipeline's three handlers, imported after the test applied the stack's environment. */
export interface PipelineHandlers {
  publisher: InvokeHandler;
  attester: SqsHandler;
  reconcile: InvokeHandler;
}

export async function importHandlers(): Promise<PipelineHandlers> {
  const [publisher, attester, reconcile] = await Promise.all([
    import("../../../../lambdas/handlers/outbox-publisher.js"),
    import("../../../../lambdas/handlers/attester.js"),
    import("../../../../lambdas/handlers/chain-reconcile.js"),
  ]);
  return {
    publisher: publisher.handler as unknown as InvokeHandler,
    attester: attester.handler as unknown as SqsHandler,
    reconcile: reconcile.handler as unknown as InvokeHandler,
  };
}

const bot: Actor = { kind: "bot", id: "kyc-bot" };
const system: Actor = { kind: "system", id: "intake" };
const operator: Actor = { kind: "operator", id: "op-1" };

/** A managed service registered on the registry as `serviceId`. */
export async function seedService(
  stack: ChainStack,
  clientId: string,
  serviceId = stack.serviceId,
): Promise<void> {
  await stack.services.put(aService({ clientId, plan: "managed", onchainServiceId: serviceId.toString() }));
}

/**
 * Creates a profile and takes it to `waiting`, each step one repository transaction. Without
 * `personalData` it has the builder's identity and no documents (so profiles share no document number).
 */
export async function waitingProfile(
  stack: ChainStack,
  clientId: string,
  refId: string,
  wallet = Wallet.createRandom().address,
  personalData: Partial<Pick<Profile, "identity" | "documents">> = {},
) {
  const created = aProfile({ clientId, refId, wallet, documents: [], ...personalData });
  const hash = (key: string) => stack.hasher.hash(key);
  await stack.profiles.createIfAbsent({
    profile: created,
    audit: {
      id: `create-${clientId}-${refId}`,
      clientId,
      refId,
      recordId: created.recordId,
      from: null,
      to: "incomplete",
      actor: system,
      reasonCodes: ["PROFILE_CREATED"],
      ruleVersion: "test",
      at: created.createdAt,
      profileVersion: 1,
    },
    index: indexEntriesFor(created, hash),
  });
  return changeStatus(stack, { ...created, certificates: clearCertificates() }, "waiting", system);
}

/** Applies one status change (decision) now and writes it with its audit entry and outbox records. */
export async function changeStatus(
  stack: ChainStack,
  profile: Profile,
  to: ProfileStatus,
  actor: Actor = to === "approved" && profile.status === "blocked" ? operator : bot,
): Promise<Profile> {
  const change = applyTransition(profile, to, {
    actor,
    reasonCodes: ["TEST"],
    ruleVersion: "test",
    at: new Date().toISOString(),
  });
  await stack.profiles.save({
    ...change,
    expectedVersion: profile.version,
    index: { put: indexEntriesFor(change.profile, (key) => stack.hasher.hash(key)), removeHashes: [] },
  });
  return change.profile;
}

export async function approvedProfile(
  stack: ChainStack,
  clientId: string,
  refId: string,
  wallet?: string,
  personalData?: Partial<Pick<Profile, "identity" | "documents">>,
) {
  return changeStatus(stack, await waitingProfile(stack, clientId, refId, wallet, personalData), "approved");
}

/** What one attester invocation got back, with the messages it was given. */
export interface AttesterRound {
  messages: Message[];
  response: SQSBatchResponse;
}

/**
 * Drains the chain queue the way Lambda's event source mapping does: receive a batch, invoke the
 * attester, delete what it did not report as failed. Stops when no message is visible: the attester
 * keeps a settle tick queued while transactions are pending, so a drain ends once they are final.
 */
export async function drainChainQueue(
  stack: ChainStack,
  attester: SqsHandler,
  {
    remainingMs = 30_000,
    maxRounds = 1_000,
    waitSeconds = 0,
  }: { remainingMs?: number; maxRounds?: number; waitSeconds?: number } = {},
): Promise<AttesterRound[]> {
  const sqs = stack.local.sqsClient();
  const rounds: AttesterRound[] = [];
  try {
    for (let round = 0; round < maxRounds; round += 1) {
      // Long-poll for the first batch when asked (work retried after a backoff), not for the rest.
      const messages = await receive(sqs, stack.chainQueueUrl, round === 0 ? waitSeconds : 0);
      if (messages.length === 0) break;
      const response = await attester(
        sqsEventFromMessages(messages, stack.chainQueueArn),
        lambdaContext("attester", remainingMs),
      );
      rounds.push({ messages, response });
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      const done = messages.filter((message) => !failed.has(message.MessageId as string));
      if (done.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: stack.chainQueueUrl,
            Entries: done.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle as string,
            })),
          }),
        );
      }
    }
    return rounds;
  } finally {
    sqs.destroy();
  }
}

async function receive(sqs: SQSClient, queueUrl: string, waitSeconds: number): Promise<Message[]> {
  const result = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ["All"],
    }),
  );
  return result.Messages ?? [];
}

/** Visible + in-flight message counts of a queue. */
export async function queueDepth(
  stack: ChainStack,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number }> {
  const sqs = stack.local.sqsClient();
  try {
    const { Attributes: attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    return {
      visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  } finally {
    sqs.destroy();
  }
}

/** Publishes pending outbox records to the chain queue (the publisher invoked directly). */
export async function publishOutbox(
  handlers: PipelineHandlers,
): Promise<{ published: number; messages: number }> {
  return (await handlers.publisher({ action: "drain" }, lambdaContext("outbox-publisher"))) as {
    published: number;
    messages: number;
  };
}

/** Every `Attested` / `Revoked` event of the registry, in chain order. */
export async function registryEvents(
  stack: ChainStack,
): Promise<{ name: string; wallet: string; txHash: string }[]> {
  const logs = await stack.provider.getLogs({
    address: await stack.registry.getAddress(),
    fromBlock: 0,
    toBlock: "latest",
  });
  return logs.flatMap((log) => {
    const parsed = stack.registry.interface.parseLog(log);
    if (parsed === null || (parsed.name !== "Attested" && parsed.name !== "Revoked")) return [];
    return [{ name: parsed.name, wallet: parsed.args.wallet as string, txHash: log.transactionHash }];
  });
}
