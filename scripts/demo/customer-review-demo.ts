import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbOutboxStore } from "../../lambdas/adapters/dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import { localClientConfig } from "../local/local-aws.js";
import type { LocalStack } from "../local/local-stack.js";
import { waitFor } from "../lib/wait-for.js";
import { createDemoKey, createDemoTenant } from "./demo-tenant.js";
import { expectStatus, IntakeClient, type ApiAnswer } from "./intake-client.js";
import { ReviewClient } from "./review-client.js";

export interface CustomerReviewDemoResult {
  readonly clientId: string;
  readonly refId: string;
  readonly reviewKeyId: string;
  /** The review key itself: the demo prints it so a newcomer can sign in to the console as this customer. */
  readonly reviewKey: string;
  /** The bots' outcome: the status the profile was left in for the customer. */
  readonly leftAs: string;
  readonly finalStatus: string;
  /** Who the audit trail names for the decision (`customer:<review key id>`). */
  readonly decidedBy: string;
  /** What the user is told (the user-notification outbox record). */
  readonly userMessage: string;
}

type DemoStack = Pick<LocalStack, "stackInfo" | "resources">;

const REMEDIATION = "Your selfie is too dark. Take a new one in daylight, facing the camera, and resubmit.";

/**
 * One customer remediation: a pay-as-you-go tenant (no Advanced KYC Bot, so the KYC Bot leaves a
 * CONSIDER profile waiting for the business), an applicant with a dark selfie, and the business
 * deciding it through the review API with a `review` key: list, open, reject with the text the user
 * receives.
 */
export async function runCustomerReviewDemo(
  stack: DemoStack,
  options: { readonly runTag: string; readonly reviewQueueDrained: () => Promise<boolean> },
): Promise<CustomerReviewDemoResult> {
  const tableName = stack.resources.tables.main!;
  const clientId = `demo-shop-${options.runTag}`;
  const refId = `dark-selfie-${options.runTag}`;
  const tenant = await createDemoTenant({
    dynamodbEndpoint: stack.stackInfo.dynamodbEndpoint,
    lambdaEndpoint: stack.stackInfo.lambdaEndpoint,
    tableName,
    clientId,
    name: "Demo Shop",
    plan: "payg",
  });
  const reviewKey = await createDemoKey(stack.stackInfo.lambdaEndpoint, clientId, "review");
  const intake = new IntakeClient(stack.stackInfo.apiUrl, tenant.intakeKey, clientId);
  expectStatus(
    await intake.submitProfile({
      refId,
      wallet: "0x8ba1f109551bD432803012645Ac136ddd64DBA72",
      identity: { givenName: "Lena", familyName: "Okafor", dob: "1992-07-14", nationality: "NG" },
      documents: [{ type: "passport", number: "A08812345", country: "NG" }],
      ipCountry: "NG",
    }),
    [201],
    `profile ${refId}`,
  );
  expectStatus(
    await intake.submitCertificates(refId, [
      { name: "identity-document", status: "CLEAR", checks: [] },
      { name: "selfie", status: "CONSIDER", checks: [{ code: "SELFIE_QUALITY", detail: "underexposed" }] },
      { name: "aml", status: "CLEAR", checks: [], aml: { hits: [] } },
    ]),
    [200],
    `certificates of ${refId}`,
  );
  await waitFor("the bots to leave the profile for review", options.reviewQueueDrained, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });

  const review = new ReviewClient(stack.stackInfo.apiUrl, reviewKey.apiKey, clientId);
  const listed = dataOf<{ records: { refId: string; status: string }[] }>(await review.list(), "review list");
  const record = listed.records.find((candidate) => candidate.refId === refId);
  if (record === undefined) throw new Error(`${refId} is not in the review list`);
  const opened = dataOf<{ version: number }>(await review.open(refId), "open");
  const decided = dataOf<{ status: string }>(
    await review.decide(refId, {
      action: "reject",
      reason: "selfie underexposed, face not recognisable",
      remediation: REMEDIATION,
      version: opened.version,
    }),
    "decision",
  );

  const documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  try {
    const audit = await new DynamoDbProfileRepository(documents, tableName).listAudit(clientId, refId);
    const notification = (
      await new DynamoDbOutboxStore(documents, tableName).listPending("user-notification", null, 100)
    ).items.find((item) => item.refId === refId && item.clientId === clientId);
    const last = audit.at(-1);
    return {
      clientId,
      refId,
      reviewKeyId: reviewKey.keyId,
      reviewKey: reviewKey.apiKey,
      leftAs: record.status,
      finalStatus: decided.status,
      decidedBy: last === undefined ? "-" : `${last.actor.kind}:${last.actor.id}`,
      userMessage: notification?.kind === "user-notification" ? notification.message : "-",
    };
  } finally {
    documents.destroy();
  }
}

function dataOf<T>(answer: ApiAnswer, what: string): T {
  expectStatus(answer, [200], what);
  return (answer.body as { data: T }).data;
}

/** The printed lines of the customer remediation. */
export function formatCustomerReviewSummary(result: CustomerReviewDemoResult): string {
  return [
    `Customer remediation (${result.clientId}, pay-as-you-go): ${result.refId} left ${result.leftAs} by the KYC Bot,`,
    `decided through the review API with review key ${result.reviewKeyId}: ${result.finalStatus} by ${result.decidedBy}.`,
    `The user is told: "${result.userMessage}"`,
    `Sign in to the console as this customer: client id ${result.clientId}, review key ${result.reviewKey}`,
  ].join("\n");
}
