import { createHash } from "node:crypto";

/** Keys whose values are personal data or identify a user: replaced before anything is logged. */
const HASHED_KEYS: ReadonlySet<string> = new Set([
  "refId",
  "recordId",
  "wallet",
  "originalRefId",
  "number",
  "givenName",
  "familyName",
  "dob",
  "nationality",
  "ipCountry",
  "email",
  "detail",
]);
/** Keys whose whole value (objects, lists) is dropped. */
const DROPPED_KEYS: ReadonlySet<string> = new Set([
  "identity",
  "documents",
  "certificates",
  "hits",
  "aml",
  "body",
  "identifiers",
]);

/** Whether values under this key identify a user (logged only as `shortHash`). */
export function isIdentifyingKey(key: string): boolean {
  return HASHED_KEYS.has(key);
}

/** A short, stable, non-reversible tag to correlate log lines about the same value. */
export function shortHash(value: string): string {
  return `h:${createHash("sha256").update(value).digest("hex").slice(0, 12)}`;
}

/**
 * JSON replacer for the logger: personal data and user identifiers never reach the logs in clear.
 * Strings under sensitive keys become a short hash; structured personal data is dropped.
 */
export function redactPersonalData(key: string, value: unknown): unknown {
  if (DROPPED_KEYS.has(key) && value !== null && value !== undefined) return "[redacted]";
  if (HASHED_KEYS.has(key) && typeof value === "string") return shortHash(value);
  return value;
}

const EMAIL_ADDRESS = /[^\s<>()[\]@,;:"']+@[^\s<>()[\]@,;:"']+/g;

/**
 * Removes e-mail addresses from free text before it is logged: mail servers echo the recipient in
 * their errors ("550 <user@example.com> rejected").
 */
export function withoutEmailAddresses(text: string): string {
  return text.replace(EMAIL_ADDRESS, "[email]");
}
