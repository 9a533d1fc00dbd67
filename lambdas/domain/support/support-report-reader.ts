import type { HolidayCalendar, TicketStore } from "./ports.js";
import { holidaySetOf } from "./support-desk.js";
import type { Ticket } from "./ticket.js";
import type { Holidays } from "./working-hours.js";

/** What the weekly report reads of the support desk: every ticket of a service, and the holidays. */
export function supportReportReader(
  tickets: TicketStore,
  calendar: HolidayCalendar,
): { ticketsOf(clientId: string): Promise<Ticket[]>; holidays(): Promise<Holidays> } {
  return {
    async ticketsOf(clientId) {
      const all: Ticket[] = [];
      let cursor: string | null = null;
      do {
        const page = await tickets.list(clientId, {}, cursor, 500);
        all.push(...page.items);
        cursor = page.cursor;
      } while (cursor !== null);
      return all;
    },
    holidays: () => holidaySetOf(calendar),
  };
}
