import { isStillValid } from "./expiry.js";
import { walletKeyOf } from "./intent.js";

/** An approved profile whose wallet should carry a flag until `expiresAt`. */
export interface DesiredFlag {
  clientId: string;
  refId: string;
  wallet: string;
  expiresAt: number;
  profileVersion: number;
  approvedDate: string;
}

/** A wallet the pipeline once flagged for the service (it may still carry a flag). */
export interface KnownWallet {
  clientId: string;
  refId: string;
  wallet: string;
  profileVersion: number;
}

export interface ReconcilePlan {
  /** Approved but missing, expired early or carrying another expiry on-chain. */
  attest: DesiredFlag[];
  /** Verified on-chain although no approved profile of the service holds the wallet. */
  revoke: KnownWallet[];
  checked: number;
}

/**
 * Compares the approved set with the registry's `verifiedUntil` per wallet and lists the repairs in
 * both directions. Flags whose validity ran out are left alone (an expired flag already reads as not
 * verified); a desired flag that expires within `minRemainingSeconds` is not re-attested.
 */
export function planReconcile(input: {
  desired: readonly DesiredFlag[];
  known: readonly KnownWallet[];
  verifiedUntil: ReadonlyMap<string, number>;
  nowSeconds: number;
  minRemainingSeconds: number;
}): ReconcilePlan {
  const onchain = (wallet: string) => input.verifiedUntil.get(walletKeyOf(wallet)) ?? 0;
  const desiredWallets = new Set<string>();
  const attest: DesiredFlag[] = [];
  // With several approved holders of one wallet (a duplicate not yet blocked), the earliest is the original.
  const byApproval = [...input.desired].sort(
    (a, b) => a.approvedDate.localeCompare(b.approvedDate) || a.refId.localeCompare(b.refId),
  );
  for (const flag of byApproval) {
    if (!isStillValid(flag.expiresAt, input.nowSeconds, input.minRemainingSeconds)) continue;
    const key = walletKeyOf(flag.wallet);
    if (desiredWallets.has(key)) continue;
    desiredWallets.add(key);
    if (onchain(flag.wallet) !== flag.expiresAt) attest.push(flag);
  }
  const revoke: KnownWallet[] = [];
  const seen = new Set<string>();
  for (const known of input.known) {
    const key = walletKeyOf(known.wallet);
    if (desiredWallets.has(key) || seen.has(key)) continue;
    seen.add(key);
    if (onchain(known.wallet) > input.nowSeconds) revoke.push(known);
  }
  return { attest, revoke, checked: new Set([...desiredWallets, ...seen]).size };
}
