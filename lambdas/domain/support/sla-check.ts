import { workingMsBetween, type Holidays } from "./working-hours.js";

/** A ticket waiting for its first response, as the SLA check reads it (no messages, no personal data). */
export interface AwaitingTicket {
  clientId: string;
  ticketId: string;
  category: string;
  tier: string;
  clockStartedAt: string;
  responseDueAt: string;
  breachedAt: string | null;
  version: number;
}

/** Tickets within this share of their budget of the due time are "about to breach". */
export const AT_RISK_WORKING_HOURS = 1;

export type SlaStanding = "breached" | "at-risk" | "on-time";

/**
 * Where a waiting ticket stands at `now`: breached once its due time has passed; at risk when at most
 * AT_RISK_WORKING_HOURS working hours remain (counted in working time, so a ticket due at 9:30 on
 * Monday is at risk from Friday 17:30).
 */
export function slaStandingOf(
  ticket: Pick<AwaitingTicket, "responseDueAt">,
  now: string,
  holidays: Holidays,
): SlaStanding {
  if (Date.parse(ticket.responseDueAt) <= Date.parse(now)) return "breached";
  const left = workingMsBetween(now, ticket.responseDueAt, holidays);
  return left <= AT_RISK_WORKING_HOURS * 3_600_000 ? "at-risk" : "on-time";
}

export interface SlaCheckSummary {
  checkedAt: string;
  /** Tickets awaiting a first response that are overdue or due within the next working hour. */
  checked: number;
  atRisk: number;
  breached: number;
  /** Breaches first seen by this run (recorded on the ticket). */
  newlyBreached: number;
  atRiskTickets: { clientId: string; ticketId: string; responseDueAt: string }[];
  breachedTickets: { clientId: string; ticketId: string; responseDueAt: string }[];
}

/** At most this many tickets are listed by name in a summary (the counts cover all of them). */
export const MAX_LISTED_TICKETS = 50;
