import {
  WEBHOOK_HEADERS,
  bytesFromBase64,
  standardWebhooksSignedContent,
  webhookKeyBytes,
} from "./webhook-format.js";

/** Request headers: a `Headers` object (fetch, Request) or Node's `IncomingHttpHeaders`-style record. */
export type WebhookHeaders =
  { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from now, in seconds (default 300). */
  readonly toleranceSeconds?: number;
  /** The current time in milliseconds (default `Date.now()`). */
  readonly now?: () => number;
}

export type WebhookVerification =
  | {
      readonly valid: true;
      readonly scheme: "standard-webhooks" | "x-hub-signature";
      /** The delivery id (`webhook-id`; `X-Blockpass-Delivery` for X-Hub deliveries), for dropping duplicates. */
      readonly deliveryId: string | null;
    }
  | { readonly valid: false; readonly reason: string };

export const DEFAULT_TOLERANCE_SECONDS = 300;

function header(headers: WebhookHeaders, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name);
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === "string" ? value : value.join(", ");
  }
  return null;
}

/** Compares without an early exit, so the time taken does not reveal where the bytes differ. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

async function hmacSha256(key: Uint8Array, content: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    "raw",
    key as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(
    await globalThis.crypto.subtle.sign("HMAC", cryptoKey, content as Uint8Array<ArrayBuffer>),
  );
}

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}

function concat(prefix: Uint8Array, rest: Uint8Array): Uint8Array {
  const joined = new Uint8Array(prefix.length + rest.length);
  joined.set(prefix);
  joined.set(rest, prefix.length);
  return joined;
}

function hexBytes(hex: string): Uint8Array | null {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/**
 * Checks a kyc-attest webhook delivery. Pass the raw body exactly as received (before JSON parsing), the
 * request headers, and the service's webhook secret (the hex string the operator issued, or its `whsec_`
 * form). Standard Webhooks headers are checked when present (any `v1` entry, timestamp within the
 * tolerance); otherwise `X-Hub-Signature` (bare hex or `sha256=<hex>`). Runs in Node 20+ and browsers.
 */
export async function verifyWebhook(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookVerification> {
  const key = webhookKeyBytes(secret);
  const raw = bytesOf(body);
  const id = header(headers, WEBHOOK_HEADERS.id);
  const timestamp = header(headers, WEBHOOK_HEADERS.timestamp);
  const signatures = header(headers, WEBHOOK_HEADERS.signature);

  if (id !== null || timestamp !== null || signatures !== null) {
    if (id === null || timestamp === null || signatures === null) {
      return { valid: false, reason: "incomplete Standard Webhooks headers" };
    }
    if (!/^\d{1,12}$/.test(timestamp.trim()))
      return { valid: false, reason: "webhook-timestamp is not Unix seconds" };
    const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
    if (Math.abs(nowSeconds - Number(timestamp.trim())) > tolerance) {
      return { valid: false, reason: "webhook-timestamp is outside the tolerance" };
    }
    const prefix = new TextEncoder().encode(standardWebhooksSignedContent(id, timestamp.trim(), ""));
    const expected = await hmacSha256(key, concat(prefix, raw));
    let matched = false;
    for (const entry of signatures.split(" ")) {
      const [version, digest] = entry.split(",", 2);
      if (version !== "v1" || digest === undefined) continue;
      let candidate: Uint8Array;
      try {
        candidate = bytesFromBase64(digest);
      } catch {
        continue;
      }
      // No early exit either: every entry is compared.
      matched = constantTimeEqual(candidate, expected) || matched;
    }
    return matched
      ? { valid: true, scheme: "standard-webhooks", deliveryId: id }
      : { valid: false, reason: "no webhook-signature entry matches" };
  }

  const hub = header(headers, WEBHOOK_HEADERS.hubSignature);
  if (hub === null) return { valid: false, reason: "no signature header" };
  const candidate = hexBytes(hub.trim().replace(/^sha256=/, ""));
  if (candidate === null) return { valid: false, reason: "X-Hub-Signature is not a SHA-256 hex digest" };
  const expected = await hmacSha256(key, raw);
  return constantTimeEqual(candidate, expected)
    ? {
        valid: true,
        scheme: "x-hub-signature",
        deliveryId: header(headers, WEBHOOK_HEADERS.blockpassDelivery),
      }
    : { valid: false, reason: "X-Hub-Signature does not match" };
}

/** The webhook body (what the business's URL receives): status fields, never personal data. */
export interface WebhookPayload {
  readonly event: string;
  readonly clientId: string;
  readonly refId: string;
  readonly recordId: string;
  readonly status: "incomplete" | "waiting" | "inreview" | "approved" | "rejected" | "blocked";
  readonly submitCount: number;
  readonly isArchived: boolean;
  /** The same on every retry of one delivery: drop duplicates by it. */
  readonly guid: string;
}
