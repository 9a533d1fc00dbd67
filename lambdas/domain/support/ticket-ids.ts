import { deterministicId } from "../ids.js";

/** `20250106T020000Z-<suffix>`: sorts by opening time; the suffix makes it unique. */
export function ticketIdOf(openedAt: string, suffix: string): string {
  const stamp = new Date(Date.parse(openedAt))
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return `${stamp}-${suffix}`;
}

/** The EDD ticket of one block: the same id however often the rule runs for it. */
export function eddTicketIdOf(
  clientId: string,
  refId: string,
  blockedAt: string,
  profileVersion: number,
): string {
  return ticketIdOf(blockedAt, `edd${deterministicId("edd", clientId, refId, profileVersion).slice(0, 13)}`);
}

export const TICKET_ID_PATTERN = /^\d{8}T\d{6}Z-[a-z0-9]{16}$/;
