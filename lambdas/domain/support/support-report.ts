import { median, percentile } from "../reports/percentile.js";
import { isInWeek, type ReportWeek } from "../reports/report-week.js";
import { TICKET_CATEGORIES, type TicketCategory } from "./support-plans.js";
import type { Ticket } from "./ticket.js";
import { workingHoursBetween, type Holidays } from "./working-hours.js";

/** The support side of the dedicated plan's weekly report. */
export interface SupportWeekFigures {
  openedByCategory: Record<TicketCategory, number>;
  closedByCategory: Record<TicketCategory, number>;
  /** Tickets of the week with a first-response commitment that got their first answer this week. */
  firstResponses: number;
  /** Share (0..100) of those answered by their due time; null without any. */
  slaMetPercent: number | null;
  /** First response time in working hours (9:00–18:00 GMT+7). */
  firstResponseWorkingHours: { median: number | null; p90: number | null };
  /** Clocks that ran out unanswered this week (recorded by the SLA check). */
  breaches: number;
  /** Tickets not closed at the week's end. */
  openBacklog: number;
}

function zeroByCategory(): Record<TicketCategory, number> {
  return Object.fromEntries(TICKET_CATEGORIES.map((c) => [c, 0])) as Record<TicketCategory, number>;
}

/** Pure: the week's figures from the service's tickets (refusals are answered at once and count as met). */
export function supportWeekFigures(
  tickets: readonly Ticket[],
  week: ReportWeek,
  holidays: Holidays,
): SupportWeekFigures {
  const openedByCategory = zeroByCategory();
  const closedByCategory = zeroByCategory();
  const responseHours: number[] = [];
  let met = 0;
  let breaches = 0;
  let openBacklog = 0;
  for (const ticket of tickets) {
    if (ticket.openedAt >= week.end) continue;
    if (isInWeek(week, ticket.openedAt)) openedByCategory[ticket.category] += 1;
    if (ticket.closedAt !== null && isInWeek(week, ticket.closedAt)) closedByCategory[ticket.category] += 1;
    if (ticket.closedAt === null || ticket.closedAt >= week.end) openBacklog += 1;
    for (const event of ticket.events) {
      if (event.type === "breached" && isInWeek(week, event.at)) breaches += 1;
    }
    const firstAnswer = ticket.firstResponseAt;
    if (firstAnswer !== null && isInWeek(week, firstAnswer) && ticket.outcome !== "refused") {
      responseHours.push(workingHoursBetween(ticket.openedAt, firstAnswer, holidays));
      const due = ticket.firstDueAt;
      if (due === null || firstAnswer <= due) met += 1;
    }
  }
  return {
    openedByCategory,
    closedByCategory,
    firstResponses: responseHours.length,
    slaMetPercent: responseHours.length === 0 ? null : Math.round((met / responseHours.length) * 1000) / 10,
    firstResponseWorkingHours: {
      median: round(median(responseHours)),
      p90: round(percentile(responseHours, 90)),
    },
    breaches,
    openBacklog,
  };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
