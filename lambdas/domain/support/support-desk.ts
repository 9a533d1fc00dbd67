import { NotFoundError, ValidationError, ConflictError } from "../errors.js";
import type { Clock, ServiceRepository } from "../ports.js";
import type { Profile } from "../profile.js";
import type { Service } from "../service.js";
import { loadService } from "../use-cases/load.js";
import { EDD_INVITATION, isEddCase } from "./edd.js";
import type { HolidayCalendar, TicketIds, TicketStore } from "./ports.js";
import {
  addRequesterMessage,
  answerTicket,
  assignTicket,
  closeTicket,
  openTicket,
  reopenTicket,
  type OpenTicketInput,
  type Ticket,
  type TicketActor,
  type TicketChange,
} from "./ticket.js";
import { eddTicketIdOf } from "./ticket-ids.js";
import type { Holidays } from "./working-hours.js";

export interface SupportDeps {
  services: ServiceRepository;
  tickets: TicketStore;
  holidays: HolidayCalendar;
  ids: TicketIds;
  clock: Clock;
}

export async function holidaySetOf(calendar: HolidayCalendar): Promise<Holidays> {
  return new Set((await calendar.list()).map((holiday) => holiday.date));
}

/** A ticket as a door receives it: the plan, id, time and calendar are the desk's to add. */
export type OpenSupportTicketInput = Omit<OpenTicketInput, "plan" | "ticketId" | "at" | "holidays">;

/** Opens a ticket on the service's plan (a refused one is stored closed, with the refusal). */
export async function openSupportTicket(deps: SupportDeps, input: OpenSupportTicketInput): Promise<Ticket> {
  const service = await loadService(deps.services, input.clientId);
  const at = deps.clock.now();
  const change = openTicket({
    ...input,
    plan: service.plan,
    ticketId: deps.ids.next(at),
    at,
    holidays: await holidaySetOf(deps.holidays),
  });
  await deps.tickets.create(change);
  return change.ticket;
}

export async function loadTicket(tickets: TicketStore, clientId: string, ticketId: string): Promise<Ticket> {
  const ticket = await tickets.get(clientId, ticketId);
  if (ticket === null) throw new NotFoundError("Ticket not found", { context: { clientId, ticketId } });
  return ticket;
}

export type OperatorTicketAction =
  | { action: "reply"; message: string }
  | { action: "close"; message: string }
  | { action: "reopen"; reason: string }
  | { action: "assign"; assignee: string };

/** An operator's action on a ticket: one write with the optimistic version check. */
export async function actOnTicket(
  deps: SupportDeps,
  input: { clientId: string; ticketId: string; operator: string } & OperatorTicketAction,
): Promise<Ticket> {
  const ticket = await loadTicket(deps.tickets, input.clientId, input.ticketId);
  const at = deps.clock.now();
  let change: TicketChange;
  switch (input.action) {
    case "reply":
      change = answerTicket(ticket, input.operator, input.message, at);
      break;
    case "close":
      change = closeTicket(ticket, input.operator, input.message, at);
      break;
    case "reopen": {
      const service = await loadService(deps.services, input.clientId);
      change = reopenTicket(
        ticket,
        { kind: "operator", id: input.operator },
        service.plan,
        input.reason,
        at,
        await holidaySetOf(deps.holidays),
      );
      break;
    }
    case "assign":
      change = assignTicket(ticket, input.operator, input.assignee, at);
      break;
  }
  if (change.ticket !== ticket) await deps.tickets.save(change, ticket.version);
  return change.ticket;
}

/** The business adds a message to, or reopens, one of its tickets through the API. */
export async function businessTicketMessage(
  deps: SupportDeps,
  input: { clientId: string; ticketId: string; principalId: string; message: string; reopen: boolean },
): Promise<Ticket> {
  const ticket = await loadTicket(deps.tickets, input.clientId, input.ticketId);
  const at = deps.clock.now();
  const actor: TicketActor = { kind: "business", id: input.principalId };
  let change: TicketChange;
  if (input.reopen) {
    const service = await loadService(deps.services, input.clientId);
    change = reopenTicket(ticket, actor, service.plan, input.message, at, await holidaySetOf(deps.holidays));
  } else {
    change = addRequesterMessage(ticket, actor, input.message, at);
  }
  await deps.tickets.save(change, ticket.version);
  return change.ticket;
}

/** Runs the data deletion (the existing erasure, on-chain revoke included) and closes with its result. */
export async function confirmDeletion(
  deps: SupportDeps,
  erase: (input: { clientId: string; refId: string; operator: string }) => Promise<{
    outcome: "erased" | "already-erased";
    revoked: boolean;
  }>,
  input: { clientId: string; ticketId: string; operator: string },
): Promise<{ ticket: Ticket; outcome: "erased" | "already-erased"; revoked: boolean }> {
  const ticket = await loadTicket(deps.tickets, input.clientId, input.ticketId);
  if (ticket.category !== "data-deletion" || ticket.refId === null) {
    throw new ValidationError("only a data-deletion ticket naming a refId can be confirmed", "ticketId");
  }
  if (ticket.state === "closed") {
    throw new ConflictError(`the ticket is closed (${ticket.outcome ?? "resolved"}): nothing to confirm`, {
      context: { clientId: ticket.clientId, ticketId: ticket.ticketId },
    });
  }
  const result = await erase({ clientId: ticket.clientId, refId: ticket.refId, operator: input.operator });
  const text =
    result.outcome === "erased"
      ? `Your personal data has been deleted${result.revoked ? " and your on-chain verification revoked" : ""}.`
      : "Your personal data had already been deleted.";
  const change = closeTicket(ticket, input.operator, text, deps.clock.now(), "erased");
  await deps.tickets.save(change, ticket.version);
  return { ticket: change.ticket, ...result };
}

/**
 * The EDD rule: a profile of a dedicated-operator service blocked for a 100% AML name match in a
 * PEP category gets an `aml-remediation` ticket and the user an invitation to prove a false
 * positive. Idempotent: the ticket id derives from the block, so a redelivered review opens nothing new.
 */
export async function openEddTicketIfDue(
  deps: Pick<SupportDeps, "tickets" | "holidays">,
  service: Service,
  profile: Profile,
): Promise<Ticket | null> {
  if (!isEddCase(service, profile) || profile.blockedDate === null) return null;
  const at = profile.blockedDate;
  const opened = openTicket({
    clientId: profile.clientId,
    plan: service.plan,
    ticketId: eddTicketIdOf(profile.clientId, profile.refId, at, profile.version),
    requester: "user",
    refId: profile.refId,
    category: "aml-remediation",
    channel: "dedicated-email",
    subject: "Enhanced due diligence: AML name match",
    message: EDD_INVITATION,
    actor: { kind: "system", id: "edd" },
    at,
    holidays: await holidaySetOf(deps.holidays),
  });
  const ticket: Ticket = { ...opened.ticket, eddProfileVersion: profile.version };
  const notifications = opened.notifications.map((record) => ({
    ...record,
    event: "edd-invitation" as const,
    message: EDD_INVITATION,
  }));
  const created = await deps.tickets.create({ ticket, notifications });
  return created ? ticket : null;
}

/** The open EDD ticket of a profile, if any (where new evidence is recorded). */
export async function openEddTicketOf(
  tickets: TicketStore,
  clientId: string,
  refId: string,
): Promise<Ticket | null> {
  let cursor: string | null = null;
  do {
    const page = await tickets.list(clientId, { refId }, cursor, 100);
    const found = page.items.find((t) => t.category === "aml-remediation" && t.state !== "closed");
    if (found !== undefined) return found;
    cursor = page.cursor;
  } while (cursor !== null);
  return null;
}

/** Records evidence the user sent through intake on the EDD ticket (names only: no personal data). */
export async function recordEddEvidence(
  deps: Pick<SupportDeps, "tickets" | "clock">,
  ticket: Ticket,
  certificateNames: readonly string[],
  principalId: string,
): Promise<Ticket> {
  const change = addRequesterMessage(
    ticket,
    { kind: "system", id: principalId },
    `New evidence received through intake: ${certificateNames.join(", ")}.`,
    deps.clock.now(),
  );
  await deps.tickets.save(change, ticket.version);
  return change.ticket;
}
