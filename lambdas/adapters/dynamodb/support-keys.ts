/** Key layout of the support desk's items in the main table (docs/table-design.md, docs/support-desk.md). */
export const supportPartition = (clientId: string) => `SUPPORT#${clientId}`;
export const TICKET_SK_PREFIX = "TICKET#";
export const ticketKey = (clientId: string, ticketId: string) => ({
  pk: supportPartition(clientId),
  sk: `${TICKET_SK_PREFIX}${ticketId}`,
});
/** The sparse index partition of tickets waiting for a first response. */
export const AWAITING_RESPONSE_KEY = "AWAITING";
export const slaDueKeyOf = (responseDueAt: string, clientId: string, ticketId: string) =>
  `${responseDueAt}#${clientId}#${ticketId}`;

export const HOLIDAYS_PARTITION = "SUPPORT-CALENDAR";
export const holidayKey = (date: string) => ({ pk: HOLIDAYS_PARTITION, sk: `HOLIDAY#${date}` });
