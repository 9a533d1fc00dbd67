import { API_KEY_LENGTH } from "./key-format.js";

/** Header values longer than this are refused unread (a key plus `Bearer ` and some whitespace). */
const MAX_AUTHORIZATION_LENGTH = API_KEY_LENGTH + 64;
const BEARER = /^bearer(?:[ \t]+|$)/i;

/**
 * The `Authorization` header of a request, found case-insensitively. Null when it is absent or
 * sent more than once (an ambiguous credential is no credential).
 */
export function authorizationHeaderOf(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
  multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null,
): string | null {
  const values: string[] = [];
  for (const [name, value] of Object.entries(multiValueHeaders ?? {})) {
    if (name.toLowerCase() === "authorization" && value !== undefined) values.push(...value);
  }
  if (values.length > 1) return null;
  let found: string | null = null;
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== "authorization" || value === undefined) continue;
    if (found !== null) return null;
    found = value;
  }
  return found ?? values[0] ?? null;
}

/**
 * The key text in an `Authorization` value: the raw key, as Blockpass clients send it, or
 * `Bearer <key>`. Null when there is nothing usable; the format itself is checked by parseApiKey.
 */
export function apiKeyTextOf(authorization: string | null): string | null {
  if (authorization === null || authorization.length > MAX_AUTHORIZATION_LENGTH) return null;
  const trimmed = authorization.trim();
  const text = BEARER.test(trimmed) ? trimmed.replace(BEARER, "") : trimmed;
  return text === "" ? null : text;
}
