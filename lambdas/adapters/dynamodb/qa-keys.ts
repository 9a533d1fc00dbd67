import { serviceKey } from "./keys.js";

/**
 * Key layout of quality assurance in the main table (docs/quality-assurance.md): a week's sample and
 * its outcomes live in the service's partition under `QA#<week>#`, so one Query reads a whole week.
 * - `SERVICE#<clientId>` / `QA#<week>#SAMPLE`: the drawn sample (refIds, statuses, decision times);
 * - `SERVICE#<clientId>` / `QA#<week>#OUTCOME#<refId>`: one re-review, written once.
 */
export const qaWeekPrefix = (week: string) => `QA#${week}#`;
export const qaSampleKey = (clientId: string, week: string) => ({
  pk: serviceKey(clientId).pk,
  sk: `${qaWeekPrefix(week)}SAMPLE`,
});
export const qaOutcomeKey = (clientId: string, week: string, refId: string) => ({
  pk: serviceKey(clientId).pk,
  sk: `${qaWeekPrefix(week)}OUTCOME#${refId}`,
});
