import type { ProfileStatus } from "../profile.js";
import { attestationExpiry, isStillValid } from "./expiry.js";
import type { ChainIntent } from "./intent.js";

/** A profile that holds a wallet in a service (from the identifier index). */
export interface WalletHolder {
  refId: string;
  status: ProfileStatus;
  approvedDate: string | null;
}

/** What the registry must do for one (service, wallet), and the intents that asked for it. */
export type WalletAction =
  | {
      kind: "attest";
      clientId: string;
      wallet: string;
      /** The profile the flag is issued for (its refKey). */
      refId: string;
      expiresAt: number;
      intents: ChainIntent[];
    }
  | { kind: "revoke"; clientId: string; wallet: string; intents: ChainIntent[] };

export interface ResolveOptions {
  validityDays: number;
  nowSeconds: number;
  minRemainingSeconds: number;
}

/**
 * Turns the winning intent for a wallet into the registry action. The registry keys flags by wallet,
 * so a revoke must not remove a flag another approved profile of the service still needs (a duplicate
 * approved and then blocked shares the original's wallet): then the wallet is re-attested for the
 * earliest approved holder. An attestation whose validity has already run out becomes a revoke,
 * because the registry would refuse the whole batch for it.
 */
export function resolveWalletAction(
  winner: ChainIntent,
  intents: ChainIntent[],
  holders: readonly WalletHolder[],
  options: ResolveOptions,
): WalletAction {
  const { clientId, wallet } = winner;
  const attestOrRevoke = (refId: string, decidedAt: string): WalletAction => {
    const expiresAt = attestationExpiry(decidedAt, options.validityDays);
    return isStillValid(expiresAt, options.nowSeconds, options.minRemainingSeconds)
      ? { kind: "attest", clientId, wallet, refId, expiresAt, intents }
      : { kind: "revoke", clientId, wallet, intents };
  };
  if (winner.intent === "attest") return attestOrRevoke(winner.refId, winner.at);
  const original = holders
    .filter((holder) => holder.refId !== winner.refId && holder.status === "approved")
    .flatMap((holder) =>
      holder.approvedDate === null ? [] : [{ ...holder, approvedDate: holder.approvedDate }],
    )
    .sort((a, b) => a.approvedDate.localeCompare(b.approvedDate) || a.refId.localeCompare(b.refId))[0];
  return original === undefined
    ? { kind: "revoke", clientId, wallet, intents }
    : attestOrRevoke(original.refId, original.approvedDate);
}
