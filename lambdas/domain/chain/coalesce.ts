import { flagKeyOf, type ChainIntent } from "./intent.js";

/** The intent that decides a wallet's flag, and the ones of the same wallet it made redundant. */
export interface CoalescedIntent {
  winner: ChainIntent;
  superseded: ChainIntent[];
}

/**
 * Per-wallet coalescing: of all intents for the same (service, wallet), the last one wins, so an
 * approve followed by a block in one batch sends only the revoke. "Last" is decided in two steps so it
 * is a consistent order: per profile the newest version (a duplicate delivered late must not undo a
 * newer change), then across the profiles sharing the wallet the latest decision time, ties going to
 * the later position in the queue. Output keeps the order in which the wallets first appeared.
 */
export function coalesceByWallet(intents: readonly ChainIntent[]): CoalescedIntent[] {
  const byFlag = new Map<string, ChainIntent[]>();
  for (const intent of intents) {
    const key = flagKeyOf(intent.clientId, intent.wallet);
    const group = byFlag.get(key);
    if (group === undefined) byFlag.set(key, [intent]);
    else group.push(intent);
  }
  return [...byFlag.values()].map((group) => {
    const newestPerProfile = new Map<string, ChainIntent>();
    for (const intent of group) {
      const current = newestPerProfile.get(intent.refId);
      const newer =
        current === undefined ||
        intent.profileVersion > current.profileVersion ||
        (intent.profileVersion === current.profileVersion && intent.at >= current.at);
      if (newer) {
        newestPerProfile.set(intent.refId, intent);
      }
    }
    let winner: ChainIntent | undefined;
    for (const candidate of newestPerProfile.values()) {
      if (winner === undefined || isLaterDecision(candidate, winner, group)) winner = candidate;
    }
    const decided = winner as ChainIntent;
    return { winner: decided, superseded: group.filter((intent) => intent !== decided) };
  });
}

function isLaterDecision(
  candidate: ChainIntent,
  current: ChainIntent,
  order: readonly ChainIntent[],
): boolean {
  if (candidate.at !== current.at) return candidate.at > current.at;
  return order.indexOf(candidate) > order.indexOf(current);
}
