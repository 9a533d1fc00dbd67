import type { ApiKey, ApiKeySummary } from "../../domain/api-keys/api-key.js";
import type { Item } from "./items.js";
import { apiKeyKey, apiKeyListingKey } from "./api-key-keys.js";

export const API_KEY_ENTITY = { key: "apiKey", listing: "apiKeyListing" } as const;

/**
 * API key <-> items. Null fields are left out of items. `expiresAt` (epoch seconds) doubles as the
 * table's TTL attribute, so a rotated-out key's items are deleted by DynamoDB some time after the
 * key stopped working (the authorizer checks the time itself; TTL deletion is lazy).
 */
export function apiKeyToItem(key: ApiKey): Item {
  return { ...apiKeyKey(key.keyId), entity: API_KEY_ENTITY.key, ...withoutNulls(key) };
}

/** The listing row: no hash, and no `lastUsedAt` (kept on the key record only, to write one item per use). */
export function apiKeyListingToItem(key: ApiKey): Item {
  const { secretHash: _secretHash, lastUsedAt: _lastUsedAt, ...listed } = key;
  return {
    ...apiKeyListingKey(key.clientId, key.keyId),
    entity: API_KEY_ENTITY.listing,
    ...withoutNulls(listed),
  };
}

export function apiKeyFromItem(item: Item): ApiKey {
  return { ...summaryFromItem(item), secretHash: item.secretHash as string };
}

/** A key's summary from its listing row (`lastUsedAt` comes from the key record). */
export function summaryFromItem(item: Item, lastUsedAt?: string | null): ApiKeySummary {
  return {
    keyId: item.keyId as string,
    clientId: item.clientId as string,
    scope: item.scope as ApiKey["scope"],
    status: item.status as ApiKey["status"],
    createdAt: item.createdAt as string,
    createdBy: item.createdBy as string,
    lastUsedAt: lastUsedAt !== undefined ? lastUsedAt : ((item.lastUsedAt ?? null) as string | null),
    expiresAt: (item.expiresAt ?? null) as number | null,
    revokedAt: (item.revokedAt ?? null) as string | null,
    revokedBy: (item.revokedBy ?? null) as string | null,
    rotatedFrom: (item.rotatedFrom ?? null) as string | null,
    replacedBy: (item.replacedBy ?? null) as string | null,
  };
}

function withoutNulls(record: object): Item {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null));
}
