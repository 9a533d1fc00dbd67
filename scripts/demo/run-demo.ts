import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Contract, JsonRpcProvider } from "ethers";
import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import { localClientConfig } from "../local/local-aws.js";
import type { CaughtMail } from "../local/local-mailbox.js";
import type { LocalStack } from "../local/local-stack.js";
import { formatTable } from "../lib/table.js";
import { waitFor } from "../lib/wait-for.js";
import {
  formatCustomerReviewSummary,
  runCustomerReviewDemo,
  type CustomerReviewDemoResult,
} from "./customer-review-demo.js";
import { DEMO_APPLICANTS, type DemoApplicant } from "./demo-profiles.js";
import { createDemoTenant } from "./demo-tenant.js";
import { expectStatus, IntakeClient } from "./intake-client.js";
import type { Progress } from "./progress.js";
import {
  formatSupportDeskSummary,
  runSupportDeskDemo,
  type SupportDeskDemoResult,
} from "./support-desk-demo.js";

export interface DemoRow {
  readonly refId: string;
  readonly scenario: string;
  readonly status: string;
  readonly reasons: readonly string[];
  /** Who made the last status change (e.g. `advanced-kyc-bot`, `dedup`). */
  readonly decidedBy: string;
  /** `isVerified(serviceId, wallet)` on the registry once the chain pipeline has settled. */
  readonly verifiedOnChain: boolean;
}

export interface DemoResult {
  readonly clientId: string;
  readonly intakeKey: string;
  readonly rows: readonly DemoRow[];
  readonly sweep: { readonly status: string; readonly blocked: number };
  /** Chain messages still queued when the demo stopped waiting (0: every flag is settled). */
  readonly chainPending: number;
  /** A pay-as-you-go tenant deciding its own CONSIDER profile through the review API. */
  readonly customerReview: CustomerReviewDemoResult;
  /** The support desk on a managed-dedicated tenant: an answered ticket, a breach, an EDD unblock. */
  readonly supportDesk: SupportDeskDemoResult;
  /** What the demo's users were e-mailed (the local mailbox, as `GET /_local/mail` serves it). */
  readonly mail: readonly CaughtMail[];
}

type DemoStack = Pick<LocalStack, "stackInfo" | "resources" | "scheduler" | "functions" | "chain">;

/** How long the bots may take over a wave before the demo gives up (a failing message retries after 3 min). */
const DRAIN_TIMEOUT_MS = 5 * 60_000;
/** How long the demo waits for the attester; a batch it is retrying is reported as pending instead. */
const CHAIN_TIMEOUT_MS = 2 * 60_000;

/**
 * The demo: onboards a managed-plan (on-chain KYC) service with an intake key, submits a dozen synthetic
 * applicants over the HTTP API in two waves (duplicates second, so their originals are approved first),
 * lets the SQS pollers drive the bots and real-time deduplication, runs the scheduled dedup sweep once,
 * relays the decisions to the chain (outbox publisher → FIFO queue → attester → KycRegistry), and reports
 * every profile's final status, the reasons in its audit trail and its on-chain flag. Then one customer
 * remediation: a pay-as-you-go tenant decides a profile the bots left for it through the review API.
 * Before the chain settles, the support desk of a managed-dedicated tenant: a ticket answered within its
 * SLA (and the user's e-mail), a breach found by the SLA check, an EDD false positive unblocked.
 */
export async function runDemo(
  stack: DemoStack,
  output: { readonly write: (line: string) => void; readonly progress: Progress },
): Promise<DemoResult> {
  const { write, progress } = output;
  const tableName = stack.resources.tables.main!;
  const reviewQueue = stack.resources.queues.review!;
  const startedAt = new Date().toISOString();
  const runTag = Date.now().toString(36);
  const clientId = `demo-${runTag}`;

  const tenant = await createDemoTenant({
    dynamodbEndpoint: stack.stackInfo.dynamodbEndpoint,
    lambdaEndpoint: stack.stackInfo.lambdaEndpoint,
    tableName,
    clientId,
    name: "Demo Exchange",
    plan: "managed",
    onchainServiceId: stack.chain.serviceId.toString(),
  });
  write(
    `Service ${clientId} (managed plan: bots, deduplication, on-chain KYC as registry service ` +
      `${stack.chain.serviceId}), intake key ${tenant.intakeKeyId}`,
  );
  const intake = new IntakeClient(stack.stackInfo.apiUrl, tenant.intakeKey, clientId);
  const refIdOf = (applicant: DemoApplicant) => `${applicant.name}-${runTag}`;

  const sqs = new SQSClient(localClientConfig(stack.stackInfo.sqsEndpoint));
  const pendingIn = async (queueUrl: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };

  try {
    for (const [wave, applicants] of [
      ["wave 1", DEMO_APPLICANTS.filter((a) => !a.secondWave)],
      ["wave 2 (duplicates)", DEMO_APPLICANTS.filter((a) => a.secondWave)],
    ] as const) {
      let completed = 0;
      for (const [index, applicant] of applicants.entries()) {
        progress.update(`intake, ${wave}`, index, applicants.length);
        const refId = refIdOf(applicant);
        expectStatus(await intake.submitProfile({ refId, ...applicant.profile }), [201], `profile ${refId}`);
        const answer = await intake.submitCertificates(refId, applicant.certificates);
        expectStatus(answer, [200], `certificates of ${refId}`);
        if ((answer.body as { data?: { status?: string } }).data?.status === "waiting") completed++;
      }
      progress.finish(`intake, ${wave}`, `${applicants.length} profiles, ${completed} complete and queued`);
      await waitFor(
        `the review queue to drain (${wave})`,
        async () => {
          const pending = await pendingIn(reviewQueue.url);
          progress.update(`bots, ${wave}`, completed - pending, completed);
          return pending === 0;
        },
        { timeoutMs: DRAIN_TIMEOUT_MS, intervalMs: 200 },
      );
      progress.finish(`bots, ${wave}`, `${completed} reviewed`);
    }

    const sweep = await stack.scheduler.runNow("dedup-sweep");
    if (sweep.status === "error") throw new Error(`dedup sweep failed: ${sweep.error.errorMessage}`);
    const sweepResult = sweep.payload as {
      status: string;
      services?: { clientId: string; blocked: number }[];
    };
    const blockedBySweep = sweepResult.services?.find((s) => s.clientId === clientId)?.blocked ?? 0;
    progress.finish("dedup sweep (12-hour job)", `${sweepResult.status}, ${blockedBySweep} more blocked`);

    // Before the chain settles, so the EDD unblock's attestation goes out with the others.
    const notificationQueueUrl = stack.resources.queues.notification?.url;
    const supportDesk = await runSupportDeskDemo(stack, {
      runTag,
      reviewQueueDrained: async () => (await pendingIn(reviewQueue.url)) === 0,
      notificationQueueDrained: async () =>
        notificationQueueUrl === undefined || (await pendingIn(notificationQueueUrl)) === 0,
    });
    progress.finish(
      "support desk (dedicated)",
      `SLA ${supportDesk.answered.slaMet ? "met" : "missed"}, ${supportDesk.breach.breached} breached, ` +
        `EDD ${supportDesk.edd.statusBefore} -> ${supportDesk.edd.statusAfter}`,
    );

    const chainQueue = stack.resources.queues.chain;
    const chainPending =
      chainQueue === undefined ? 0 : await settleChain(stack, chainQueue.url, pendingIn, progress);
    const rows = await finalRows(stack, tableName, clientId, refIdOf);
    const customerReview = await runCustomerReviewDemo(stack, {
      runTag,
      reviewQueueDrained: async () => (await pendingIn(reviewQueue.url)) === 0,
    });
    progress.finish(
      "customer review (pay-as-you-go)",
      `${customerReview.refId} ${customerReview.finalStatus}`,
    );
    const notificationQueue = stack.resources.queues.notification;
    const mail =
      notificationQueue === undefined
        ? []
        : await deliverNotices(stack, notificationQueue.url, pendingIn, progress, startedAt);
    return {
      clientId,
      intakeKey: tenant.intakeKey,
      rows,
      sweep: { status: sweepResult.status, blocked: blockedBySweep },
      chainPending,
      customerReview,
      supportDesk,
      mail,
    };
  } finally {
    sqs.destroy();
  }
}

/**
 * Relays the decisions to the chain at once (the scheduled relay also runs every minute) and waits for the
 * attester to empty the chain queue. Returns the messages still queued when it stops waiting.
 */
async function settleChain(
  stack: Pick<LocalStack, "functions">,
  chainQueueUrl: string,
  pendingIn: (queueUrl: string) => Promise<number>,
  progress: Progress,
): Promise<number> {
  const relayed = await stack.functions.invoke("outbox-publisher", { action: "drain" });
  if (relayed.status === "error") throw new Error(`outbox relay failed: ${relayed.error.errorMessage}`);
  const { messages } = relayed.payload as { published: number; messages: number };
  let pending = await pendingIn(chainQueueUrl);
  try {
    await waitFor(
      "the chain queue to drain",
      async () => {
        pending = await pendingIn(chainQueueUrl);
        progress.update("chain: outbox → attester", Math.max(0, messages - pending), messages);
        return pending === 0;
      },
      { timeoutMs: CHAIN_TIMEOUT_MS, intervalMs: 250 },
    );
  } catch {
    // A batch the attester is still retrying (node busy, fee bump): reported below, not fatal to the demo.
  }
  progress.finish(
    "chain: outbox → attester",
    pending === 0 ? `${messages} message(s) relayed and attested` : `${pending} message(s) still queued`,
  );
  return pending;
}

/**
 * Relays the user notifications at once (the scheduled relay also runs every minute), waits for the
 * notifier to empty the notification queue, and reads what the demo's users received from the local
 * mailbox over HTTP (`GET /_local/mail`), as anyone trying the stack would.
 */
async function deliverNotices(
  stack: Pick<LocalStack, "functions" | "stackInfo">,
  queueUrl: string,
  pendingIn: (queueUrl: string) => Promise<number>,
  progress: Progress,
  since: string,
): Promise<CaughtMail[]> {
  const relayed = await stack.functions.invoke("notification-publisher", { action: "drain" });
  if (relayed.status === "error") throw new Error(`notification relay failed: ${relayed.error.errorMessage}`);
  await waitFor("the notification queue to drain", async () => (await pendingIn(queueUrl)) === 0, {
    timeoutMs: CHAIN_TIMEOUT_MS,
    intervalMs: 200,
  });
  const addresses = new Set(DEMO_APPLICANTS.flatMap((applicant) => applicant.profile.identity.email ?? []));
  const response = await fetch(stack.stackInfo.mailUrl);
  if (!response.ok) throw new Error(`GET ${stack.stackInfo.mailUrl} answered ${response.status}`);
  const { messages } = (await response.json()) as { messages: CaughtMail[] };
  const mail = messages.filter(
    (message) => message.receivedAt >= since && message.to.some((to) => addresses.has(to)),
  );
  progress.finish("notifier: e-mails to users", `${mail.length} in the local mailbox`);
  return mail;
}

async function finalRows(
  stack: Pick<LocalStack, "stackInfo" | "chain">,
  tableName: string,
  clientId: string,
  refIdOf: (applicant: DemoApplicant) => string,
): Promise<DemoRow[]> {
  const client = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  const provider = new JsonRpcProvider(stack.stackInfo.rpcUrl, stack.stackInfo.chainId, {
    staticNetwork: true,
  });
  const registry = new Contract(stack.stackInfo.registryAddress, KYC_REGISTRY_ABI, provider);
  try {
    const profiles = new DynamoDbProfileRepository(client, tableName);
    return await Promise.all(
      DEMO_APPLICANTS.map(async (applicant) => {
        const refId = refIdOf(applicant);
        const [profile, audit, verified] = await Promise.all([
          profiles.get(clientId, refId),
          profiles.listAudit(clientId, refId),
          registry.getFunction("isVerified")(
            stack.chain.serviceId,
            applicant.profile.wallet,
          ) as Promise<boolean>,
        ]);
        const last = audit.at(-1);
        return {
          refId,
          scenario: applicant.scenario,
          status: profile?.status ?? "missing",
          reasons: last?.reasonCodes ?? [],
          decidedBy: last?.actor.id ?? "-",
          verifiedOnChain: verified,
        };
      }),
    );
  } finally {
    client.destroy();
    provider.destroy();
  }
}

/** The printed summary: one row per profile, then the count per status and of on-chain flags. */
export function formatDemoSummary(result: DemoResult): string {
  const table = formatTable([
    ["refId", "scenario", "status", "last change by", "reasons", "wallet on-chain"],
    ...result.rows.map((row) => [
      row.refId,
      row.scenario,
      row.status,
      row.decidedBy,
      row.reasons.join(", ") || "-",
      row.verifiedOnChain ? "verified" : "-",
    ]),
  ]);
  const counts = new Map<string, number>();
  for (const row of result.rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  const totals = [...counts].map(([status, count]) => `${count} ${status}`).join(", ");
  const onChain = result.rows.filter((row) => row.verifiedOnChain).length;
  const pending = result.chainPending === 0 ? "" : ` (${result.chainPending} chain message(s) still queued)`;
  return [
    `${table}\n\n${result.rows.length} profiles: ${totals}; ${onChain} wallet(s) verified on-chain${pending}`,
    formatCustomerReviewSummary(result.customerReview),
    formatSupportDeskSummary(result.supportDesk),
    formatDemoMail(result.mail),
  ].join("\n\n");
}

/** The mail users received: one row each, then an approval and a rejection in full. */
export function formatDemoMail(mail: readonly CaughtMail[]): string {
  if (mail.length === 0) return "No e-mail reached the local mailbox.";
  const table = formatTable([
    ["to", "event", "subject"],
    ...mail.map((message) => [message.to.join(", "), message.event ?? "-", message.subject]),
  ]);
  const shown = ["approved", "rejected"].flatMap(
    (event) => mail.find((message) => message.event === event) ?? [],
  );
  const full = shown.map(
    (message) =>
      `--- ${message.event} e-mail to ${message.to.join(", ")} ---\nSubject: ${message.subject}\n\n${message.text.trim()}`,
  );
  return [`E-mails to users (local mailbox, GET /_local/mail): ${mail.length}`, table, ...full].join("\n\n");
}
