/**
 * The value that names an API key in its scope's usage plan (per-key rate limits). The authorizer returns
 * it as `usageIdentifierKey` (API Gateway's API key source AUTHORIZER), and the local gateway keys its
 * token buckets by it. Derived from the public key id, it is no credential: callers never send it, API
 * Gateway takes it only from the authorizer. API Gateway wants key values of 20 to 128 characters.
 */
export const USAGE_IDENTIFIER_PREFIX = "kya-usage-";

export function usageIdentifierOf(keyId: string): string {
  return `${USAGE_IDENTIFIER_PREFIX}${keyId}`;
}
