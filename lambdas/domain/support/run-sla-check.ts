import type { HolidayCalendar, TicketStore } from "./ports.js";
import { MAX_LISTED_TICKETS, slaStandingOf, type SlaCheckSummary } from "./sla-check.js";
import { addWorkingHours } from "./working-hours.js";
import { AT_RISK_WORKING_HOURS } from "./sla-check.js";
import { holidaySetOf } from "./support-desk.js";

const PAGE_SIZE = 1000;

/**
 * The scheduled SLA check: reads only the tickets awaiting a first response that are due within the
 * next working hour (a sparse index sorted by due time), counts the breached and the at-risk ones and
 * records each new breach on its ticket (once per clock). The handler turns the counts into metrics
 * that the alarms watch.
 */
export async function runSlaCheck(
  deps: { tickets: TicketStore; holidays: HolidayCalendar },
  now: string,
): Promise<SlaCheckSummary> {
  const holidays = await holidaySetOf(deps.holidays);
  const horizon = addWorkingHours(now, AT_RISK_WORKING_HOURS, holidays);
  const summary: SlaCheckSummary = {
    checkedAt: now,
    checked: 0,
    atRisk: 0,
    breached: 0,
    newlyBreached: 0,
    atRiskTickets: [],
    breachedTickets: [],
  };
  let cursor: string | null = null;
  do {
    const page = await deps.tickets.listAwaitingDueBy(horizon, cursor, PAGE_SIZE);
    for (const ticket of page.items) {
      summary.checked += 1;
      const standing = slaStandingOf(ticket, now, holidays);
      const named = {
        clientId: ticket.clientId,
        ticketId: ticket.ticketId,
        responseDueAt: ticket.responseDueAt,
      };
      if (standing === "breached") {
        summary.breached += 1;
        if (summary.breachedTickets.length < MAX_LISTED_TICKETS) summary.breachedTickets.push(named);
        if (ticket.breachedAt === null && (await deps.tickets.recordBreach(ticket, now))) {
          summary.newlyBreached += 1;
        }
      } else if (standing === "at-risk") {
        summary.atRisk += 1;
        if (summary.atRiskTickets.length < MAX_LISTED_TICKETS) summary.atRiskTickets.push(named);
      }
    }
    cursor = page.cursor;
  } while (cursor !== null);
  return summary;
}
