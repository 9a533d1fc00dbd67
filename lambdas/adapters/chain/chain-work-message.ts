import { z } from "zod";
import type { ChainIntent } from "../../domain/chain/intent.js";

/** Intents per queue message: one registry transaction's worth, about 100 KB of JSON. */
export const MAX_INTENTS_PER_MESSAGE = 400;

const chainIntentSchema = z.strictObject({
  id: z.string().min(1).max(128),
  intent: z.enum(["attest", "revoke"]),
  clientId: z.string().min(1).max(64),
  refId: z.string().min(1).max(128),
  wallet: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  at: z.iso.datetime({ offset: true }),
  profileVersion: z.number().int().nonnegative(),
  source: z.enum(["status-change", "erasure", "repair", "plan-change"]),
  decidedAt: z.iso.datetime({ offset: true }).optional(),
});

/** The chain queue's message body: intents in the order they were decided. */
export const chainWorkMessage = z.strictObject({
  intents: z.array(chainIntentSchema).min(1).max(MAX_INTENTS_PER_MESSAGE),
});

/**
 * The settle tick: no work, a reminder that transactions are pending. It brings the attester back to
 * look at them (confirm and record, re-broadcast, replace, re-queue) when no new work would.
 */
export const settleTickMessage = z.strictObject({
  settleTick: z.strictObject({ signer: z.string().regex(/^0x[0-9a-fA-F]{40}$/), at: z.iso.datetime() }),
});

export type ChainQueueMessage = { kind: "work"; intents: ChainIntent[] } | { kind: "settle-tick" };

export function encodeSettleTick(signer: string, at: string): string {
  return JSON.stringify(settleTickMessage.parse({ settleTick: { signer, at } }));
}

/** Throws a ZodError (or SyntaxError) for a body that is neither chain work nor a settle tick. */
export function decodeChainMessage(body: string): ChainQueueMessage {
  const json: unknown = JSON.parse(body);
  if (typeof json === "object" && json !== null && "settleTick" in json) {
    settleTickMessage.parse(json);
    return { kind: "settle-tick" };
  }
  return { kind: "work", intents: chainWorkMessage.parse(json).intents };
}

export function encodeChainWork(intents: readonly ChainIntent[]): string {
  return JSON.stringify(chainWorkMessage.parse({ intents }));
}

/** Throws a ZodError (or SyntaxError) for a body that is not chain work. */
export function decodeChainWork(body: string): ChainIntent[] {
  return chainWorkMessage.parse(JSON.parse(body)).intents;
}
