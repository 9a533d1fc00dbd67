import { ValidationError, ConflictError } from "../errors.js";
import { actOnProfile, type ActOnProfileDeps } from "../operator/act-on-profile.js";
import type { SupportDeps } from "./support-desk.js";
import { loadTicket } from "./support-desk.js";
import { closeTicket, type Ticket } from "./ticket.js";

export const EDD_DECISIONS = ["false-positive", "confirmed-match"] as const;
export type EddDecision = (typeof EDD_DECISIONS)[number];

const RESULT_TEXT: Readonly<Record<EddDecision, string>> = {
  "false-positive":
    "We reviewed your evidence: the watch-list entry is not you. Your block is lifted and your verification is approved.",
  "confirmed-match":
    "We reviewed your evidence and could not rule out the watch-list match. Your verification stays blocked.",
};

/**
 * An operator's EDD decision. A false positive unblocks the profile through the audited operator path
 * (reason OPERATOR_UNBLOCKED_FALSE_POSITIVE, on-chain attestation and dedup as for any unblock); either
 * way the ticket closes with the result, which the user is told.
 */
export async function decideEdd(
  deps: SupportDeps & { profile: ActOnProfileDeps },
  input: { clientId: string; ticketId: string; decision: EddDecision; reason: string; operator: string },
): Promise<{ ticket: Ticket; unblocked: boolean }> {
  const ticket = await loadTicket(deps.tickets, input.clientId, input.ticketId);
  if (ticket.category !== "aml-remediation" || ticket.refId === null) {
    throw new ValidationError(
      "only an aml-remediation ticket naming a refId takes an EDD decision",
      "ticketId",
    );
  }
  if (ticket.state === "closed") {
    throw new ConflictError("the EDD ticket is closed already", {
      context: { clientId: ticket.clientId, ticketId: ticket.ticketId },
    });
  }
  let unblocked = false;
  if (input.decision === "false-positive") {
    const result = await actOnProfile(deps.profile, {
      clientId: ticket.clientId,
      refId: ticket.refId,
      action: "unblock",
      reason: input.reason,
      operator: input.operator,
    });
    unblocked = result.changed;
  }
  const change = closeTicket(ticket, input.operator, RESULT_TEXT[input.decision], deps.clock.now());
  await deps.tickets.save(change, ticket.version);
  return { ticket: change.ticket, unblocked };
}
