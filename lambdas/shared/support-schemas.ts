import "./zod-openapi-extension.js";
import { z } from "zod";
import { MAX_MESSAGE_LENGTH } from "../domain/support/ticket.js";
import { TICKET_CATEGORIES, TICKET_CHANNELS, REQUESTERS } from "../domain/support/support-plans.js";
import { TICKET_ID_PATTERN } from "../domain/support/ticket-ids.js";
import { TICKET_STATES } from "../domain/support/ticket.js";
import { CLIENT_ID_PATTERN, REF_ID_PATTERN } from "./intake-schemas.js";

/** Support desk schemas shared by the operator function and the business API (and its OpenAPI document). */
export const clientIdField = z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'");
export const refIdField = z
  .string()
  .regex(REF_ID_PATTERN, "must be 1-128 letters, digits or . _ : @ -")
  .meta({ description: "The business's reference of the end user", example: "user-1" });
export const ticketIdField = z
  .string()
  .regex(TICKET_ID_PATTERN, "is not a ticket id")
  .meta({ example: "20260105T030000Z-4f2a9c1b7d3e8a60" });
export const categoryField = z.enum(TICKET_CATEGORIES);
export const channelField = z.enum(TICKET_CHANNELS);
export const requesterField = z.enum(REQUESTERS);
export const stateField = z.enum(TICKET_STATES);
export const messageField = z.string().trim().min(1).max(MAX_MESSAGE_LENGTH);
export const subjectField = z.string().trim().min(1).max(200);

/** `POST .../support/tickets`: the business opens a ticket, for itself or on behalf of a user (refId). */
export const businessTicketBody = z.strictObject({
  category: categoryField,
  subject: subjectField.meta({ example: "Camera does not start" }),
  message: messageField.meta({ example: "The user reports the selfie step shows a black screen." }),
  refId: refIdField
    .optional()
    .meta({ description: "The end user the ticket is about (required for data-deletion)" }),
});

/** `POST .../support/tickets/{ticketId}/messages`: a further message, or `reopen: true` to reopen. */
export const businessMessageBody = z.strictObject({
  message: messageField,
  reopen: z
    .boolean()
    .default(false)
    .meta({ description: "Reopen an answered or closed ticket (restarts the clock)" }),
});

export const ticketsPath = z.strictObject({ clientId: clientIdField });
export const ticketPath = z.strictObject({ clientId: clientIdField, ticketId: ticketIdField });
export const ticketsQuery = z.object({
  refId: refIdField.optional(),
  state: stateField.optional(),
  cursor: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const message = z.object({
  at: z.string(),
  from: z.enum(["business", "support", "user", "system"]),
  type: z.enum(["opened", "message", "answered", "closed", "reopened", "assigned", "refused", "breached"]),
  text: z
    .string()
    .nullable()
    .meta({ description: "Null where withheld (a user's conversation on on-chain plans)" }),
});

export const businessTicket = z.object({
  ticketId: z.string(),
  requester: requesterField,
  refId: z.string().nullable(),
  category: categoryField,
  channel: channelField,
  subject: z.string(),
  state: stateField,
  outcome: z.enum(["refused", "resolved", "erased"]).nullable(),
  tier: z.enum(["self-service", "basic", "priority", "dedicated"]),
  openedAt: z.string(),
  responseDueAt: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  breached: z.boolean(),
  closedAt: z.string().nullable(),
  messages: z.array(message),
  withheldMessages: z.number().int(),
});

export const businessTicketsPage = z.object({
  tickets: z.array(businessTicket),
  cursor: z.string().nullable(),
});
