/**
 * The calls a chain library must provide to read the registry; `registryReaderFromEthers` (./registry) and
 * `registryReaderFromViem` (./viem) implement them.
 */
export interface RegistryCalls {
  isVerified(serviceId: bigint, wallet: string): Promise<boolean>;
  verifiedUntil(serviceId: bigint, wallet: string): Promise<bigint>;
  verifiedUntilBatch(serviceId: bigint, wallets: readonly string[]): Promise<readonly bigint[]>;
  isIssuedFor(serviceId: bigint, wallet: string, refKey: string): Promise<boolean>;
  /** The latest block's timestamp (seconds): the registry's clock. */
  latestBlockTimestamp(): Promise<bigint>;
}

/** A wallet's flag for one service. */
export interface WalletVerification {
  readonly wallet: string;
  /** True while the flag is unexpired and unrevoked. */
  readonly verified: boolean;
  /** When the flag expires (or expired); null when the wallet has no flag or it was revoked. */
  readonly verifiedUntil: Date | null;
}

export type ServiceIdLike = bigint | number | string;

/** Wallets per `verifiedUntilBatch` call: well below node gas caps for `eth_call`. */
export const DEFAULT_BATCH_SIZE = 500;

const dateOf = (seconds: bigint): Date | null => (seconds === 0n ? null : new Date(Number(seconds) * 1000));

/** Reads kyc-attest's registry: is a wallet verified for a service, until when, for many wallets at once. */
export class RegistryReader {
  constructor(private readonly calls: RegistryCalls) {}

  /** True when `wallet` holds an unexpired, unrevoked flag for `serviceId` (what `KycGated` checks). */
  isVerified(serviceId: ServiceIdLike, wallet: string): Promise<boolean> {
    return this.calls.isVerified(BigInt(serviceId), wallet);
  }

  /**
   * True when `wallet` holds an unexpired flag for `serviceId` issued for the profile with this
   * `refKey` (compute it with `refKeyOf(salt, refId)` and the salt from `StatusClient.onchain()`).
   */
  isIssuedFor(serviceId: ServiceIdLike, wallet: string, refKey: string): Promise<boolean> {
    return this.calls.isIssuedFor(BigInt(serviceId), wallet, refKey);
  }

  /** When the wallet's flag expires; null when it has none or it was revoked. */
  async verifiedUntil(serviceId: ServiceIdLike, wallet: string): Promise<Date | null> {
    return dateOf(await this.calls.verifiedUntil(BigInt(serviceId), wallet));
  }

  /** Both answers for one wallet. */
  async verification(serviceId: ServiceIdLike, wallet: string): Promise<WalletVerification> {
    const [verified, until] = await Promise.all([
      this.calls.isVerified(BigInt(serviceId), wallet),
      this.calls.verifiedUntil(BigInt(serviceId), wallet),
    ]);
    return { wallet, verified, verifiedUntil: dateOf(until) };
  }

  /** Many wallets in a few calls (one per `batchSize` wallets), judged against the latest block's time. */
  async verifications(
    serviceId: ServiceIdLike,
    wallets: readonly string[],
    options: { readonly batchSize?: number } = {},
  ): Promise<WalletVerification[]> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const id = BigInt(serviceId);
    const chunks: (readonly string[])[] = [];
    for (let start = 0; start < wallets.length; start += batchSize)
      chunks.push(wallets.slice(start, start + batchSize));
    const [now, ...expiries] = await Promise.all([
      this.calls.latestBlockTimestamp(),
      ...chunks.map((chunk) => this.calls.verifiedUntilBatch(id, chunk)),
    ]);
    return expiries.flat().map((until, index) => ({
      wallet: wallets[index]!,
      verified: until > now,
      verifiedUntil: dateOf(until),
    }));
  }
}
