import { entitlementsOf, type Plan } from "../service.js";
import type { Ticket, TicketEvent } from "./ticket.js";

export interface BusinessTicketMessage {
  at: string;
  from: "business" | "support" | "user" | "system";
  type: TicketEvent["type"];
  text: string | null;
}

export interface BusinessTicketView {
  ticketId: string;
  requester: Ticket["requester"];
  refId: string | null;
  category: Ticket["category"];
  channel: Ticket["channel"];
  subject: string;
  state: Ticket["state"];
  outcome: Ticket["outcome"];
  tier: Ticket["tier"];
  openedAt: string;
  responseDueAt: string | null;
  firstResponseAt: string | null;
  breached: boolean;
  closedAt: string | null;
  messages: BusinessTicketMessage[];
  /** Entries of the user's own conversation kept from the business (on-chain plans). */
  withheldMessages: number;
}

const FROM: Readonly<Record<TicketEvent["actor"]["kind"], BusinessTicketMessage["from"]>> = {
  business: "business",
  operator: "support",
  user: "user",
  system: "system",
};

/**
 * A ticket as its business sees it. Operator names and assignees stay internal. On plans with
 * on-chain KYC the business never receives personal data: a user's ticket names the user by refId
 * only, and the conversation between the user and support (which may carry personal details) is
 * withheld: only its count and the state changes are shown. The subject of a user's ticket is
 * withheld too; a business's own tickets are shown in full.
 */
export function businessTicketViewOf(ticket: Ticket, plan: Plan): BusinessTicketView {
  const privateConversation =
    entitlementsOf({ plan, advancedBotEnabled: false }).onchainKyc && ticket.requester === "user";
  const messages: BusinessTicketMessage[] = [];
  let withheldMessages = 0;
  for (const event of ticket.events) {
    if (event.type === "assigned") continue;
    const carriesText = event.text !== undefined && event.type !== "breached";
    if (privateConversation && carriesText) {
      withheldMessages += 1;
      messages.push({ at: event.at, from: FROM[event.actor.kind], type: event.type, text: null });
      continue;
    }
    messages.push({ at: event.at, from: FROM[event.actor.kind], type: event.type, text: event.text ?? null });
  }
  return {
    ticketId: ticket.ticketId,
    requester: ticket.requester,
    refId: ticket.refId,
    category: ticket.category,
    channel: ticket.channel,
    subject: privateConversation
      ? `${ticket.category} request from user ${ticket.refId ?? ""}`.trim()
      : ticket.subject,
    state: ticket.state,
    outcome: ticket.outcome,
    tier: ticket.tier,
    openedAt: ticket.openedAt,
    responseDueAt: ticket.responseDueAt,
    firstResponseAt: ticket.firstResponseAt,
    breached: ticket.breachedAt !== null,
    closedAt: ticket.closedAt,
    messages,
    withheldMessages,
  };
}
