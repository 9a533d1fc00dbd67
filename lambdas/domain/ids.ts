import { createHash } from "node:crypto";

/**
 * Ids derived from their inputs, so that re-applying the same decision (an SQS redelivery, a
 * retried request) produces the same audit/outbox ids and the conditional writes dedupe them.
 */
export function deterministicId(...parts: readonly (string | number)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    hash.update(String(part));
    hash.update("\u0000");
  }
  return hash.digest("hex").slice(0, 32);
}

/** Blockpass-style 24-hex record id, stable for a (clientId, refId). */
export function recordIdFor(clientId: string, refId: string): string {
  return deterministicId("record", clientId, refId).slice(0, 24);
}
