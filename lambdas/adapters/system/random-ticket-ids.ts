import { randomBytes } from "node:crypto";
import type { TicketIds } from "../../domain/support/ports.js";
import { ticketIdOf } from "../../domain/support/ticket-ids.js";

/** Ticket ids with 64 random bits after the opening time. */
export class RandomTicketIds implements TicketIds {
  next(openedAt: string): string {
    return ticketIdOf(openedAt, randomBytes(8).toString("hex"));
  }
}
