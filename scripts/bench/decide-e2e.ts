/**
 * End-to-end decision throughput against DynamoDB Local + fauxqs (both started here): profiles
 * per second from "all certificates in" (the intake-certificates handler receiving the last
 * certificate) to decided (the review-bot handler's SQS batch done, real-time dedup included).
 *   npx tsx scripts/bench/decide-e2e.ts [--json] [--profiles=400] [--concurrency=8]
 * Intake of the profiles and their first certificates is setup, not measured.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyResult, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import type { Certificate } from "../../lambdas/domain/certificates.js";
import { createService } from "../../lambdas/domain/service.js";
import { LOCAL_AWS } from "../../test/support/dynamodb-local.js";
import { lambdaContext, restApiEvent, sqsEventFromMessages } from "../../test/support/lambda-events.js";
import { startLocalServices } from "../../test/support/local-services.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const option = (name: string, fallback: number): number =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const profileCount = option("profiles", 400);
const concurrency = option("concurrency", 8);
const log = (line: string): void => {
  if (!json) console.log(line);
};

type ApiHandler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
type BatchHandler = (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A distinct letters-only surname per profile (names may not contain digits). */
function surname(i: number): string {
  let name = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(97 + ((n - 1) % 26)) + name;
  return `Bench${name}`;
}

/** Mostly all-clear (KYC Bot), some fixable problems and AML hits (Advanced KYC Bot). */
function lastCertificate(i: number): Certificate {
  switch (i % 10) {
    case 7:
      return {
        name: "aml",
        status: "CONSIDER",
        checks: [{ code: "AML_POTENTIAL_MATCH" }],
        aml: { hits: [{ name: "Viktor Bout", dob: "1967", categories: ["SANCTIONS"] }] },
      };
    case 8:
      return {
        name: "aml",
        status: "CONSIDER",
        checks: [{ code: "AML_POTENTIAL_MATCH" }],
        aml: { hits: [{ name: `Bench ${surname(i)}`, categories: ["PEP"] }] },
      };
    default:
      return { name: "aml", status: "CLEAR", checks: [], aml: { hits: [] } };
  }
}

function firstCertificates(i: number): Certificate[] {
  const document: Certificate =
    i % 10 === 9
      ? { name: "identity-document", status: "CONSIDER", checks: [{ code: "DOC_IMAGE_QUALITY" }] }
      : { name: "identity-document", status: "CLEAR", checks: [] };
  return [document, { name: "selfie", status: "CLEAR", checks: [] }];
}

const local = await startLocalServices("bench");
try {
  Object.assign(process.env, local.env);
  const intakeProfile = (await import("../../lambdas/handlers/intake-profile.js"))
    .handler as unknown as ApiHandler;
  const intakeCertificates = (await import("../../lambdas/handlers/intake-certificates.js"))
    .handler as unknown as ApiHandler;
  const reviewBot = (await import("../../lambdas/handlers/review-bot.js")).handler as unknown as BatchHandler;

  const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  await new DynamoDbServiceRepository(documents, local.tableName).put(
    createService({ clientId: "bench", name: "Bench", plan: "managed", createdAt: "2026-01-01T00:00:00Z" }),
  );
  const authorizer = { clientId: "bench", scope: "intake", principalId: "bench-key" };
  const post = async (
    handler: ApiHandler,
    resource: string,
    pathParameters: Record<string, string>,
    body: unknown,
  ) => {
    const result = await handler(
      restApiEvent({ method: "POST", resource, pathParameters, body, authorizer }),
      lambdaContext("bench"),
    );
    if (result.statusCode >= 300)
      throw new Error(`${resource} answered ${result.statusCode}: ${result.body}`);
  };
  const indices = Array.from({ length: profileCount }, (_, i) => i);
  const refId = (i: number) => `bench-${i}`;

  log(`setup: ${profileCount} profiles with 2 of 3 certificates...`);
  await pool(indices, concurrency, async (i) => {
    await post(
      intakeProfile,
      "/intake/1.0/{clientId}/profiles",
      { clientId: "bench" },
      {
        refId: refId(i),
        wallet: `0x${(i + 1).toString(16).padStart(40, "0")}`,
        identity: { givenName: "Bench", familyName: surname(i), dob: "1990-01-01", nationality: "DE" },
        // Every 50th profile reuses a passport: real-time dedup has work to do.
        documents: [{ type: "passport", number: `C${i % 50 === 49 ? i - 1 : i}X`, country: "DE" }],
      },
    );
    await post(
      intakeCertificates,
      "/intake/1.0/{clientId}/profiles/{refId}/certificates",
      { clientId: "bench", refId: refId(i) },
      { certificates: firstCertificates(i) },
    );
  });

  const sqs = local.sqsClient();
  const receive = async (): Promise<Message[]> =>
    (
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: local.reviewQueueUrl,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ["All"],
        }),
      )
    ).Messages ?? [];
  let decided = 0;
  let failedItems = 0;
  let batches = 0;

  /** Plays the SQS event source mapping: batches of up to 10, `concurrency` pollers. */
  const drain = async (intakeDone: () => boolean) => {
    const poller = async () => {
      for (;;) {
        const messages = await receive();
        if (messages.length === 0) {
          if (intakeDone()) return;
          continue;
        }
        const response = await reviewBot(
          sqsEventFromMessages(messages, local.reviewQueueArn),
          lambdaContext("review-bot"),
        );
        batches += 1;
        const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        failedItems += failed.size;
        const done = messages.filter((m) => !failed.has(m.MessageId ?? ""));
        decided += done.length;
        if (done.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: local.reviewQueueUrl,
              Entries: done.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
            }),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, poller));
  };

  // Calibration: what this DynamoDB Local answers on this machine right now (the likely bottleneck).
  const calibrationStart = performance.now();
  let calibrationGets = 0;
  await pool(Array.from({ length: concurrency }), concurrency, async () => {
    while (performance.now() - calibrationStart < 2000) {
      await documents.send(
        new GetCommand({ TableName: local.tableName, Key: { pk: "SERVICE#bench", sk: "SERVICE" } }),
      );
      calibrationGets += 1;
    }
  });
  const getsPerSecond = calibrationGets / ((performance.now() - calibrationStart) / 1000);

  log("measuring: last certificate -> waiting -> review queue -> bots -> dedup ...");
  let intakeFinished = false;
  let intakeSeconds = 0;
  const started = performance.now();
  const intake = pool(indices, concurrency, (i) =>
    post(
      intakeCertificates,
      "/intake/1.0/{clientId}/profiles/{refId}/certificates",
      { clientId: "bench", refId: refId(i) },
      { certificates: [lastCertificate(i)] },
    ),
  ).then(() => {
    intakeFinished = true;
    intakeSeconds = (performance.now() - started) / 1000;
  });
  await Promise.all([intake, drain(() => intakeFinished && decided + failedItems >= profileCount)]);
  const seconds = (performance.now() - started) / 1000;

  const profiles = new DynamoDbProfileRepository(documents, local.tableName);
  const statuses: Record<string, number> = {};
  for (const i of indices) {
    const status = (await profiles.get("bench", refId(i)))?.status ?? "missing";
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  sqs.destroy();
  documents.destroy();

  const result = {
    profiles: profileCount,
    concurrency,
    seconds: Number(seconds.toFixed(3)),
    profilesPerSecond: Number((profileCount / seconds).toFixed(1)),
    intakeSeconds: Number(intakeSeconds.toFixed(3)),
    batches,
    failedBatchItems: failedItems,
    statuses,
    calibrationGetItemPerSecond: Math.round(getsPerSecond),
  };
  if (json) console.log(JSON.stringify({ decideE2e: result }));
  else {
    log(
      `end-to-end: ${result.profilesPerSecond} profiles/s (${profileCount} profiles in ${result.seconds} s, ${batches} SQS batches, concurrency ${concurrency})`,
    );
    log(
      `  last certificates accepted after ${result.intakeSeconds} s; decisions trail them through the queue`,
    );
    log(`outcomes: ${JSON.stringify(statuses)}; batch item failures (retried): ${failedItems}`);
    log(
      `calibration: this DynamoDB Local serves ${result.calibrationGetItemPerSecond} GetItem/s at concurrency ${concurrency}`,
    );
  }
} finally {
  await local.stop();
}
