import { ConflictError, ValidationError } from "../errors.js";
import type { SupportNotificationOutboxRecord } from "../outbox.js";
import { deterministicId } from "../ids.js";
import type { Plan } from "../service.js";
import {
  admissionOf,
  supportOf,
  type Requester,
  type SupportTier,
  type TicketCategory,
  type TicketChannel,
} from "./support-plans.js";
import { addWorkingHours, type Holidays } from "./working-hours.js";

export const TICKET_STATES = ["open", "answered", "closed"] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const MAX_MESSAGE_LENGTH = 4000;
/** A ticket is one item (≤ 400 KB in DynamoDB): a long conversation continues in a new ticket. */
export const MAX_TICKET_EVENTS = 60;

export type TicketActor =
  | { kind: "operator"; id: string }
  | { kind: "business"; id: string }
  | { kind: "user"; id: string }
  | { kind: "system"; id: string };

/** One entry of the ticket's trail: messages and state changes, oldest first. */
export interface TicketEvent {
  at: string;
  actor: TicketActor;
  type: "opened" | "message" | "answered" | "closed" | "reopened" | "assigned" | "refused" | "breached";
  /** The message or answer text, the assignee, or the close result. */
  text?: string;
}

export interface Ticket {
  clientId: string;
  ticketId: string;
  requester: Requester;
  /** The end user the ticket is about (required for user tickets); never personal data. */
  refId: string | null;
  category: TicketCategory;
  channel: TicketChannel;
  subject: string;
  state: TicketState;
  tier: SupportTier;
  assignee: string | null;
  openedAt: string;
  /** When the current response clock started (opening, or the last reopening). */
  clockStartedAt: string;
  /** When the current clock's first response is due; null on plans without a commitment. */
  responseDueAt: string | null;
  /** The first operator answer since the clock started; null while awaiting one. */
  respondedAt: string | null;
  /** The first clock's due time (kept across reopenings: the weekly report's SLA-met share). */
  firstDueAt: string | null;
  /** The first answer the ticket ever got (the weekly report's first-response time). */
  firstResponseAt: string | null;
  /** Set once by the SLA check when the current clock ran out unanswered. */
  breachedAt: string | null;
  closedAt: string | null;
  /** `refused`: outside the plan; `resolved`: closed by an operator; `erased`: deletion carried out. */
  outcome: "refused" | "resolved" | "erased" | null;
  /** Tickets opened by the EDD rule: the blocked profile version they are about. */
  eddProfileVersion?: number;
  events: TicketEvent[];
  version: number;
}

export interface TicketChange {
  ticket: Ticket;
  /** The user-facing notification to write with the ticket (user tickets only). */
  notifications: SupportNotificationOutboxRecord[];
}

export interface OpenTicketInput {
  clientId: string;
  plan: Plan;
  ticketId: string;
  requester: Requester;
  refId: string | null;
  category: TicketCategory;
  channel: TicketChannel;
  subject: string;
  message: string;
  actor: TicketActor;
  at: string;
  holidays: Holidays;
}

function checkText(text: string, field: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new ValidationError(`${field} must not be empty`, field);
  if (trimmed.length > MAX_MESSAGE_LENGTH) {
    throw new ValidationError(`${field} is longer than ${MAX_MESSAGE_LENGTH} characters`, field);
  }
  return trimmed;
}

/** A user notification's id: one per ticket version, so a retried write dedupes. */
function supportNotificationIdOf(ticket: Pick<Ticket, "clientId" | "ticketId">, version: number): string {
  return deterministicId(ticket.clientId, ticket.ticketId, version, "support-notification");
}

/** Every notification id a ticket's versions may have written (what erasing the user deletes). */
export function supportNotificationIdsOf(
  ticket: Pick<Ticket, "clientId" | "ticketId" | "version">,
): string[] {
  return Array.from({ length: ticket.version }, (_, i) => supportNotificationIdOf(ticket, i + 1));
}

function notification(
  ticket: Ticket,
  event: SupportNotificationOutboxRecord["event"],
  message: string,
  at: string,
): SupportNotificationOutboxRecord[] {
  if (ticket.requester !== "user" || ticket.refId === null) return [];
  return [
    {
      id: supportNotificationIdOf(ticket, ticket.version),
      kind: "support-notification",
      clientId: ticket.clientId,
      refId: ticket.refId,
      ticketId: ticket.ticketId,
      event,
      message,
      at,
    },
  ];
}

/**
 * Opens a ticket. Inside the plan, the first-response clock starts now (or at the next opening hour)
 * and its due time is stored. Outside the plan, the ticket is recorded already answered and closed
 * with the refusal naming what the plan offers: nothing is dropped silently.
 */
export function openTicket(input: OpenTicketInput): TicketChange {
  if (input.requester === "user" && input.refId === null) {
    throw new ValidationError("a user's ticket names the user by refId", "refId");
  }
  if (input.category === "data-deletion" && input.refId === null) {
    throw new ValidationError("a data-deletion ticket names the user by refId", "refId");
  }
  const subject = checkText(input.subject, "subject");
  if (subject.length > 200) throw new ValidationError("subject is longer than 200 characters", "subject");
  const message = checkText(input.message, "message");
  const support = supportOf(input.plan);
  const admission = admissionOf(input.plan, input.requester, input.category, input.channel);
  const hours = support[input.requester].firstResponseHours;
  const dueAt = hours === null ? null : addWorkingHours(input.at, hours, input.holidays);
  const base: Ticket = {
    clientId: input.clientId,
    ticketId: input.ticketId,
    requester: input.requester,
    refId: input.refId,
    category: input.category,
    channel: input.channel,
    subject,
    state: "open",
    tier: support.tier,
    assignee: null,
    openedAt: input.at,
    clockStartedAt: input.at,
    responseDueAt: dueAt,
    respondedAt: null,
    firstDueAt: dueAt,
    firstResponseAt: null,
    breachedAt: null,
    closedAt: null,
    outcome: null,
    events: [{ at: input.at, actor: input.actor, type: "opened", text: message }],
    version: 1,
  };
  if (admission.admitted) {
    return { ticket: base, notifications: notification(base, "ticket-opened", "", input.at) };
  }
  const refused: Ticket = {
    ...base,
    state: "closed",
    respondedAt: input.at,
    firstResponseAt: input.at,
    closedAt: input.at,
    outcome: "refused",
    events: [
      ...base.events,
      {
        at: input.at,
        actor: { kind: "system", id: "support-plan" },
        type: "refused",
        text: admission.refusal,
      },
    ],
  };
  return {
    ticket: refused,
    notifications: notification(refused, "ticket-closed", admission.refusal, input.at),
  };
}

function next(ticket: Ticket, event: TicketEvent, patch: Partial<Ticket>): Ticket {
  if (ticket.events.length >= MAX_TICKET_EVENTS) {
    throw new ConflictError(`the ticket has ${MAX_TICKET_EVENTS} entries: open a new ticket to continue`, {
      context: { clientId: ticket.clientId, ticketId: ticket.ticketId },
    });
  }
  return { ...ticket, ...patch, events: [...ticket.events, event], version: ticket.version + 1 };
}

function requireNotClosed(ticket: Ticket, what: string): void {
  if (ticket.state === "closed") {
    throw new ConflictError(`the ticket is closed: reopen it to ${what}`, {
      context: { clientId: ticket.clientId, ticketId: ticket.ticketId },
    });
  }
}

/** An operator's answer: stops the response clock (the first answer of the clock is the response). */
export function answerTicket(ticket: Ticket, operator: string, text: string, at: string): TicketChange {
  requireNotClosed(ticket, "answer");
  const answer = checkText(text, "message");
  const updated = next(
    ticket,
    { at, actor: { kind: "operator", id: operator }, type: "answered", text: answer },
    {
      state: "answered",
      respondedAt: ticket.respondedAt ?? at,
      firstResponseAt: ticket.firstResponseAt ?? at,
    },
  );
  return { ticket: updated, notifications: notification(updated, "ticket-answered", answer, at) };
}

/** A further message from the requester (business through the API); the ticket stays in its state. */
export function addRequesterMessage(
  ticket: Ticket,
  actor: TicketActor,
  text: string,
  at: string,
): TicketChange {
  requireNotClosed(ticket, "add a message");
  const message = checkText(text, "message");
  return { ticket: next(ticket, { at, actor, type: "message", text: message }, {}), notifications: [] };
}

export function closeTicket(
  ticket: Ticket,
  operator: string,
  result: string,
  at: string,
  outcome: "resolved" | "erased" = "resolved",
): TicketChange {
  if (ticket.state === "closed") return { ticket, notifications: [] };
  const text = checkText(result, "message");
  const updated = next(
    ticket,
    { at, actor: { kind: "operator", id: operator }, type: "closed", text },
    { state: "closed", closedAt: at, outcome },
  );
  return { ticket: updated, notifications: notification(updated, "ticket-closed", text, at) };
}

/** Reopens a closed or answered ticket: a new response clock starts now. */
export function reopenTicket(
  ticket: Ticket,
  actor: TicketActor,
  plan: Plan,
  reason: string,
  at: string,
  holidays: Holidays,
): TicketChange {
  if (ticket.state === "open") {
    throw new ConflictError("the ticket is already open", {
      context: { clientId: ticket.clientId, ticketId: ticket.ticketId },
    });
  }
  if (ticket.outcome === "refused" || ticket.outcome === "erased") {
    throw new ConflictError(`a ${ticket.outcome} ticket cannot be reopened: open a new one`, {
      context: { clientId: ticket.clientId, ticketId: ticket.ticketId },
    });
  }
  const text = checkText(reason, "reason");
  const hours = supportOf(plan)[ticket.requester].firstResponseHours;
  const updated = next(
    ticket,
    { at, actor, type: "reopened", text },
    {
      state: "open",
      tier: supportOf(plan).tier,
      clockStartedAt: at,
      responseDueAt: hours === null ? null : addWorkingHours(at, hours, holidays),
      respondedAt: null,
      breachedAt: null,
      closedAt: null,
      outcome: null,
    },
  );
  return { ticket: updated, notifications: [] };
}

export function assignTicket(ticket: Ticket, operator: string, assignee: string, at: string): TicketChange {
  requireNotClosed(ticket, "assign it");
  const name = checkText(assignee, "assignee");
  if (ticket.assignee === name) return { ticket, notifications: [] };
  return {
    ticket: next(
      ticket,
      { at, actor: { kind: "operator", id: operator }, type: "assigned", text: name },
      {
        assignee: name,
      },
    ),
    notifications: [],
  };
}

/** Whether the ticket's current clock is still waiting for its first answer. */
export function isAwaitingResponse(ticket: Pick<Ticket, "state" | "respondedAt" | "responseDueAt">): boolean {
  return ticket.state === "open" && ticket.respondedAt === null && ticket.responseDueAt !== null;
}
