import type { Page } from "../ports.js";
import type { AwaitingTicket } from "./sla-check.js";
import type { TicketState } from "./ticket.js";
import type { Ticket, TicketChange } from "./ticket.js";

export interface TicketFilter {
  refId?: string;
  state?: TicketState;
}

/**
 * Tickets, each written together with its user notifications (outbox) in one transaction. Tickets
 * of a service are listed oldest first (ticket ids start with the opening time).
 */
export interface TicketStore {
  get(clientId: string, ticketId: string): Promise<Ticket | null>;
  /** Stores a new ticket; false when a ticket with that id exists (a retried EDD opening). */
  create(change: TicketChange): Promise<boolean>;
  /** Throws VersionConflictError when the stored version is not `expectedVersion`. */
  save(change: TicketChange, expectedVersion: number): Promise<void>;
  list(clientId: string, filter: TicketFilter, cursor: string | null, limit: number): Promise<Page<Ticket>>;
  /** Tickets awaiting a first response whose due time is at or before `dueBy`, soonest first. */
  listAwaitingDueBy(dueBy: string, cursor: string | null, limit: number): Promise<Page<AwaitingTicket>>;
  /** Marks the current clock breached unless the ticket changed since it was read; false then. */
  recordBreach(ticket: AwaitingTicket, at: string): Promise<boolean>;
}

export interface Holiday {
  /** Local date at GMT+7, YYYY-MM-DD. */
  date: string;
  name: string;
  addedBy: string;
  addedAt: string;
}

/** The support desk's holiday calendar, edited by operators. */
export interface HolidayCalendar {
  list(): Promise<Holiday[]>;
  /** Adds or renames the day. */
  add(holiday: Holiday): Promise<void>;
  /** False when the date was not a holiday. */
  remove(date: string): Promise<boolean>;
}

/** New ticket ids: the opening time first, so a service's tickets list in opening order. */
export interface TicketIds {
  next(openedAt: string): string;
}
