/**
 * Key layout of API keys and failed-authentication counters in the main table (no index needed):
 *
 * - `APIKEY#<keyId>` / `APIKEY`: the key record (hash, service, scope, status, last use), read by
 *   the authorizer with one GetItem;
 * - `SERVICE#<clientId>` / `APIKEY#<keyId>`: the listing row in the service's partition (no hash),
 *   so a service's keys are one Query; written in the same transaction as the key record;
 * - `AUTHFAIL#key#<keyId>` and `AUTHFAIL#source#<address>` / `<window start, epoch seconds>`:
 *   failure counters, removed by the table's TTL (`expiresAt`) after their window.
 */
import type { FailureSubject } from "../../domain/api-keys/failure-limiter.js";

export const API_KEY_SK = "APIKEY";
export const API_KEY_LISTING_PREFIX = "APIKEY#";

export const apiKeyKey = (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: API_KEY_SK });
export const apiKeyListingPartition = (clientId: string) => `SERVICE#${clientId}`;
export const apiKeyListingKey = (clientId: string, keyId: string) => ({
  pk: apiKeyListingPartition(clientId),
  sk: `${API_KEY_LISTING_PREFIX}${keyId}`,
});

export const authFailureKey = (subject: FailureSubject, windowStart: number) => ({
  pk: subject.kind === "key" ? `AUTHFAIL#key#${subject.keyId}` : `AUTHFAIL#source#${subject.address}`,
  sk: String(windowStart),
});
