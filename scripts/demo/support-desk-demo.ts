import type { CaughtMail } from "../local/local-mailbox.js";
import type { LocalStack } from "../local/local-stack.js";
import { waitFor } from "../lib/wait-for.js";
import { demoWallet } from "./demo-profiles.js";
import { createDemoKey, OperatorCallError } from "./demo-tenant.js";
import { expectStatus, IntakeClient } from "./intake-client.js";

/** The operator the demo acts as (the CLI sends the caller's identity; `local-demo` here). */
const DEMO_OPERATOR = "local-demo";

export interface AnsweredTicketDemo {
  readonly ticketId: string;
  readonly refId: string;
  readonly openedAt: string;
  readonly responseDueAt: string;
  readonly respondedAt: string;
  /** The first answer came at or before the due time. */
  readonly slaMet: boolean;
  /** The user's e-mail about the answer, as the local mailbox caught it. */
  readonly email: Pick<CaughtMail, "to" | "subject" | "text" | "event"> | null;
}

export interface BreachDemo {
  readonly ticketId: string;
  readonly responseDueAt: string;
  /** The `--now` the SLA check ran with (a minute after the due time). */
  readonly checkedAt: string;
  readonly breached: number;
  readonly newlyBreached: number;
  /** The SLA check named this ticket among the breached ones. */
  readonly reported: boolean;
}

export interface EddDemo {
  readonly refId: string;
  readonly ticketId: string;
  readonly statusBefore: string;
  readonly blockReasons: readonly string[];
  /** The intake API's answer to the user's new certificate (status code, profile status). */
  readonly evidence: { readonly statusCode: number; readonly status: string };
  /** What the ticket recorded when the evidence arrived. */
  readonly evidenceNote: string;
  readonly statusAfter: string;
  readonly unblockReasons: readonly string[];
  readonly unblockedBy: string;
  readonly ticketState: string;
}

export interface SupportDeskDemoResult {
  readonly clientId: string;
  /** The registry service `service create` registered it as. */
  readonly onchainServiceId: string;
  readonly answered: AnsweredTicketDemo;
  readonly breach: BreachDemo;
  readonly edd: EddDemo;
}

type DemoStack = Pick<LocalStack, "stackInfo" | "resources" | "functions">;

interface TicketData {
  ticketId: string;
  category: string;
  state: string;
  openedAt: string;
  responseDueAt: string | null;
  respondedAt: string | null;
  events: { text: string | null }[];
}

interface OperatorProfileData {
  profile: { status: string; audit: { reasonCodes: string[]; actor: { kind: string; id: string } }[] };
}

const ASKER = {
  givenName: "Noor",
  familyName: "Haddad",
  dob: "1994-02-11",
  nationality: "JO",
  email: "noor.haddad@example.com",
};
/** Shares a listed politically exposed person's full name; born 40 years later, in another country. */
const NAMESAKE = {
  givenName: "Ana",
  familyName: "Pereira",
  dob: "1991-09-03",
  nationality: "BR",
  email: "ana.pereira@example.com",
};
const ALL_CLEAR = [
  { name: "identity-document" as const, status: "CLEAR" as const, checks: [] },
  { name: "selfie" as const, status: "CLEAR" as const, checks: [] },
  { name: "aml" as const, status: "CLEAR" as const, checks: [], aml: { hits: [] } },
];
const PEP_HIT = [
  ...ALL_CLEAR.filter((certificate) => certificate.name !== "aml"),
  {
    name: "aml" as const,
    status: "CONSIDER" as const,
    checks: [{ code: "AML_POTENTIAL_MATCH" }],
    aml: { hits: [{ name: "Pereira, Ana", dob: "1951", country: "PT", categories: ["PEP"] }] },
  },
];

/**
 * The support desk on a managed-dedicated tenant (3-hour first response for its users, EDD), through the
 * same functions and routes the operator CLI and a business use:
 * 1. a user's e-mail entered by an operator (`ticket open`), answered at once (`ticket reply`), and the
 *    user's e-mail about the answer caught by the local mailbox;
 * 2. a ticket the business opens through the API and nobody answers: the SLA check job run with a
 *    `--now` a minute after its due time reports the breach;
 * 3. EDD: the bots block a 100% PEP name match, which opens an `aml-remediation` ticket; the user's
 *    new certificate arrives through intake as evidence; the operator's false-positive decision
 *    (`ticket edd-decide`) unblocks the profile through the audited path.
 */
export async function runSupportDeskDemo(
  stack: DemoStack,
  options: {
    readonly runTag: string;
    readonly reviewQueueDrained: () => Promise<boolean>;
    readonly notificationQueueDrained: () => Promise<boolean>;
  },
): Promise<SupportDeskDemoResult> {
  const clientId = `demo-bank-${options.runTag}`;
  // Onboarded as an operator does (`service create`): registered on the registry for on-chain KYC.
  const { service } = await operatorCall<{ service: { onchainServiceId: string } }>(stack, "ops-service", {
    action: "create",
    clientId,
    name: "Demo Private Bank",
    plan: "managed-dedicated",
  });
  const intakeKey = await createDemoKey(stack.stackInfo.lambdaEndpoint, clientId, "intake");
  const intake = new IntakeClient(stack.stackInfo.apiUrl, intakeKey.apiKey, clientId);
  const askerRefId = `noor-${options.runTag}`;
  const namesakeRefId = `ana-${options.runTag}`;
  for (const [refId, identity, certificates] of [
    [askerRefId, ASKER, ALL_CLEAR],
    [namesakeRefId, NAMESAKE, PEP_HIT],
  ] as const) {
    expectStatus(
      await intake.submitProfile({
        refId,
        wallet: demoWallet(refId),
        identity,
        documents: [
          {
            type: "passport",
            number: `P${refId.length}7734${refId.charCodeAt(0)}`,
            country: identity.nationality,
          },
        ],
        ipCountry: identity.nationality,
      }),
      [201],
      `profile ${refId}`,
    );
    expectStatus(await intake.submitCertificates(refId, certificates), [200], `certificates of ${refId}`);
  }
  await waitFor("the bots to decide the support demo's profiles", options.reviewQueueDrained, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });

  const answered = await answeredWithinSla(stack, clientId, askerRefId, options.notificationQueueDrained);
  const edd = await eddUnblock(stack, intake, clientId, namesakeRefId);
  // After the EDD ticket is closed, so the check's later `--now` finds only the unanswered ticket of this run.
  const breach = await breachReported(stack, clientId);
  return { clientId, onchainServiceId: service.onchainServiceId, answered, breach, edd };
}

async function answeredWithinSla(
  stack: DemoStack,
  clientId: string,
  refId: string,
  notificationQueueDrained: () => Promise<boolean>,
): Promise<AnsweredTicketDemo> {
  const { ticket: opened } = await operatorCall<{ ticket: TicketData }>(stack, "ops-support", {
    action: "open",
    clientId,
    refId,
    category: "kyc-status",
    channel: "email",
    subject: "Is my verification done?",
    message: "I finished the verification yesterday. Can I use the exchange now?",
  });
  const { ticket } = await operatorCall<{ ticket: TicketData }>(stack, "ops-support", {
    action: "reply",
    clientId,
    ticketId: opened.ticketId,
    message: "Yes: your verification is approved. You can start trading.",
  });
  if (ticket.responseDueAt === null || ticket.respondedAt === null) {
    throw new Error(`ticket ${ticket.ticketId} has no due or answer time after the reply`);
  }
  // The relay runs every minute; drain it now, as the demo does for every outbox.
  const relayed = await stack.functions.invoke("notification-publisher", { action: "drain" });
  if (relayed.status === "error") throw new Error(`notification relay failed: ${relayed.error.errorMessage}`);
  await waitFor("the notification queue to drain", notificationQueueDrained, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  const email = await waitFor(
    "the answer e-mail in the local mailbox",
    async () =>
      (await mailTo(stack, ASKER.email)).find(
        (message) => message.event === "ticket-answered" && message.subject.includes(ticket.ticketId),
      ),
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  return {
    ticketId: ticket.ticketId,
    refId,
    openedAt: ticket.openedAt,
    responseDueAt: ticket.responseDueAt,
    respondedAt: ticket.respondedAt,
    slaMet: Date.parse(ticket.respondedAt) <= Date.parse(ticket.responseDueAt),
    email: { to: email.to, subject: email.subject, text: email.text, event: email.event },
  };
}

async function breachReported(stack: DemoStack, clientId: string): Promise<BreachDemo> {
  const statusKey = await createDemoKey(stack.stackInfo.lambdaEndpoint, clientId, "status");
  const response = await fetch(
    `${stack.stackInfo.apiUrl}/kyc/1.0/connect/${encodeURIComponent(clientId)}/support/tickets`,
    {
      method: "POST",
      headers: { Authorization: statusKey.apiKey, "Content-Type": "application/json" },
      body: JSON.stringify({
        category: "technical",
        subject: "Webhook deliveries stopped",
        message: "Since this morning our endpoint receives no review webhooks.",
      }),
    },
  );
  const answer = { statusCode: response.status, body: (await response.json()) as unknown };
  expectStatus(answer, [201], "business ticket");
  const ticket = (answer.body as { data: TicketData }).data;
  if (ticket.responseDueAt === null) throw new Error(`ticket ${ticket.ticketId} has no due time`);

  const checkedAt = new Date(Date.parse(ticket.responseDueAt) + 60_000).toISOString();
  const { result } = await operatorCall<{
    result: {
      status: string;
      data: {
        breached: number;
        newlyBreached: number;
        breachedTickets: { clientId: string; ticketId: string }[];
      };
    };
  }>(stack, "ops-jobs", { action: "run", job: "sla-check", now: checkedAt });
  const summary = result.data;
  return {
    ticketId: ticket.ticketId,
    responseDueAt: ticket.responseDueAt,
    checkedAt,
    breached: summary.breached,
    newlyBreached: summary.newlyBreached,
    reported: summary.breachedTickets.some(
      (named) => named.clientId === clientId && named.ticketId === ticket.ticketId,
    ),
  };
}

async function eddUnblock(
  stack: DemoStack,
  intake: IntakeClient,
  clientId: string,
  refId: string,
): Promise<EddDemo> {
  const before = await operatorCall<OperatorProfileData>(stack, "ops-profile", {
    action: "show",
    clientId,
    refId,
  });
  const { tickets } = await operatorCall<{ tickets: TicketData[] }>(stack, "ops-support", {
    action: "list",
    clientId,
    refId,
  });
  const eddTicket = tickets.find(
    (ticket) => ticket.category === "aml-remediation" && ticket.state !== "closed",
  );
  if (eddTicket === undefined) {
    throw new Error(`no open aml-remediation ticket for ${refId} (profile ${before.profile.status})`);
  }

  const evidence = await intake.submitCertificates(refId, [
    { name: "proof-of-address", status: "CLEAR", checks: [] },
  ]);
  expectStatus(evidence, [200], `evidence of ${refId}`);
  const { ticket: withEvidence } = await operatorCall<{ ticket: TicketData }>(stack, "ops-support", {
    action: "show",
    clientId,
    ticketId: eddTicket.ticketId,
  });

  const decided = await operatorCall<{ ticket: TicketData; unblocked: boolean }>(stack, "ops-support", {
    action: "edd-decide",
    clientId,
    ticketId: eddTicket.ticketId,
    decision: "false-positive",
    reason: "Born 1991 in Brazil; the listed person was born 1951 in Portugal",
  });
  const after = await operatorCall<OperatorProfileData>(stack, "ops-profile", {
    action: "show",
    clientId,
    refId,
  });
  const unblock = after.profile.audit.at(-1);
  return {
    refId,
    ticketId: eddTicket.ticketId,
    statusBefore: before.profile.status,
    blockReasons: before.profile.audit.at(-1)?.reasonCodes ?? [],
    evidence: {
      statusCode: evidence.statusCode,
      status: (evidence.body as { data?: { status?: string } }).data?.status ?? "-",
    },
    evidenceNote: withEvidence.events.at(-1)?.text ?? "-",
    statusAfter: after.profile.status,
    unblockReasons: unblock?.reasonCodes ?? [],
    unblockedBy: unblock === undefined ? "-" : `${unblock.actor.kind}:${unblock.actor.id}`,
    ticketState: decided.ticket.state,
  };
}

/** Invokes an operator function as the CLI does (Lambda Invoke), answering its `data`. */
async function operatorCall<T>(
  stack: Pick<LocalStack, "functions">,
  functionName: string,
  request: Record<string, unknown>,
): Promise<T> {
  const outcome = await stack.functions.invoke(functionName, { ...request, operator: DEMO_OPERATOR });
  if (outcome.status === "error") throw new OperatorCallError(functionName, outcome.error);
  const answer = outcome.payload as { status?: string; data?: unknown };
  if (answer.status !== "success") throw new OperatorCallError(functionName, answer);
  return answer.data as T;
}

async function mailTo(stack: Pick<LocalStack, "stackInfo">, address: string): Promise<CaughtMail[]> {
  const response = await fetch(`${stack.stackInfo.mailUrl}?to=${encodeURIComponent(address)}`);
  if (!response.ok) throw new Error(`GET ${stack.stackInfo.mailUrl} answered ${response.status}`);
  return ((await response.json()) as { messages: CaughtMail[] }).messages;
}

/** The printed lines of the support desk: the three cases, each with its facts. */
export function formatSupportDeskSummary(result: SupportDeskDemoResult): string {
  const { answered, breach, edd } = result;
  const answerMail =
    answered.email === null
      ? "No answer e-mail reached the local mailbox."
      : `--- ${answered.email.event} e-mail to ${answered.email.to.join(", ")} ---\n` +
        `Subject: ${answered.email.subject}\n\n${answered.email.text.trim()}`;
  return [
    `Support desk (${result.clientId}, managed-dedicated, registry service ${result.onchainServiceId}: ` +
      "users answered within 3 working hours, EDD)",
    "",
    `Ticket answered within SLA: ${answered.ticketId} (user ${answered.refId}, e-mail entered by an operator)`,
    `  opened ${answered.openedAt}, due ${answered.responseDueAt}, answered ${answered.respondedAt}: ` +
      `SLA ${answered.slaMet ? "met" : "MISSED"}`,
    answerMail,
    "",
    `SLA breach: ${breach.ticketId} (opened by the business through the API, not answered), due ${breach.responseDueAt}`,
    `  job run sla-check --now ${breach.checkedAt}: ${breach.breached} breached, ${breach.newlyBreached} newly breached; ` +
      `${breach.ticketId} ${breach.reported ? "reported as breached" : "NOT reported"}`,
    "",
    `EDD (enhanced due diligence): ${edd.refId} ${edd.statusBefore} by the bots (${edd.blockReasons.join(", ") || "-"}, ` +
      `100% name match on a PEP list), aml-remediation ticket ${edd.ticketId} opened`,
    `  new certificate through intake: HTTP ${edd.evidence.statusCode}, profile still ${edd.evidence.status}; ` +
      `ticket: "${edd.evidenceNote}"`,
    `  ticket edd-decide --decision false-positive: ${edd.statusBefore} -> ${edd.statusAfter} ` +
      `(${edd.unblockReasons.join(", ") || "-"} by ${edd.unblockedBy}), ticket ${edd.ticketState}`,
  ].join("\n");
}
