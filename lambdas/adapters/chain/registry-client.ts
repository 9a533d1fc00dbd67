import { FetchRequest, Interface, JsonRpcProvider, Network, getAddress, type BlockTag } from "ethers";
import type { FeeMarket } from "../../domain/chain/fee-policy.js";
import type { Inclusion } from "../../domain/chain/inclusion.js";
import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";
import { packWalletExpiry } from "./registry-codec.js";
import { RegistryRevertError, isRevert, registryErrorNameOf } from "./registry-errors.js";

export interface RegistryClientOptions {
  rpcUrl: string;
  chainId: number;
  registryAddress: string;
  /** Per JSON-RPC request; a node that does not answer in time counts as unavailable. */
  requestTimeoutMs?: number;
}

export interface AttestEntry {
  wallet: string;
  expiresAt: bigint;
  refKey: string;
}

/** A receipt as the pipeline needs it: where it was mined and what it cost. */
export interface ReceiptSummary extends Inclusion {
  gasUsed: bigint;
  effectiveGasPrice: bigint;
}

/** Reads per `verifiedUntilBatch` call: well within any node's eth_call gas allowance. */
export const VERIFIED_UNTIL_CHUNK = 500;

const DEFAULT_PRIORITY_FEE = 1_000_000_000n;

/**
 * The KycRegistry over JSON-RPC (ethers v6): encodes batch calls, estimates and simulates them with
 * the registry's custom errors decoded, broadcasts raw transactions and reads receipts. It never signs:
 * signing is the signer port's job, and sending is the nonce-safe sender's.
 */
export class RegistryClient {
  readonly chainId: number;
  readonly address: string;
  readonly provider: JsonRpcProvider;
  private readonly registry = new Interface(KYC_REGISTRY_ABI);

  constructor(options: RegistryClientOptions) {
    this.chainId = options.chainId;
    this.address = getAddress(options.registryAddress);
    const request = new FetchRequest(options.rpcUrl);
    request.timeout = options.requestTimeoutMs ?? 10_000;
    const network = Network.from(options.chainId);
    // A static network: no chain-id probing that would retry forever while the node is down. No response
    // cache: ethers reuses an identical request's answer for 250 ms by default, which would hide a receipt
    // that appeared (or vanished in a reorg) between two polls.
    this.provider = new JsonRpcProvider(request, network, {
      staticNetwork: network,
      batchMaxCount: 1,
      cacheTimeout: -1,
    });
  }

  encodeAttestBatch(serviceId: bigint, entries: readonly AttestEntry[]): string {
    return this.registry.encodeFunctionData("attestBatch", [
      serviceId,
      entries.map((entry) => packWalletExpiry(entry.wallet, entry.expiresAt)),
      entries.map((entry) => entry.refKey),
    ]);
  }

  encodeRevokeBatch(serviceId: bigint, wallets: readonly string[]): string {
    return this.registry.encodeFunctionData("revokeBatch", [
      serviceId,
      wallets.map((wallet) => getAddress(wallet)),
    ]);
  }

  async isPaused(): Promise<boolean> {
    return this.call<boolean>("paused", []);
  }

  async isAttester(serviceId: bigint, account: string): Promise<boolean> {
    return this.call<boolean>("isAttester", [serviceId, account]);
  }

  /** `verifiedUntil` of every wallet (0 = no flag), read in chunks through `verifiedUntilBatch`. */
  async verifiedUntilBatch(serviceId: bigint, wallets: readonly string[]): Promise<bigint[]> {
    const expiries: bigint[] = [];
    for (let start = 0; start < wallets.length; start += VERIFIED_UNTIL_CHUNK) {
      const chunk = wallets.slice(start, start + VERIFIED_UNTIL_CHUNK).map((wallet) => getAddress(wallet));
      expiries.push(...(await this.call<bigint[]>("verifiedUntilBatch", [serviceId, chunk])));
    }
    return expiries;
  }

  /** Gas of a registry call from `from`; a revert becomes a RegistryRevertError with the custom error. */
  async estimateGas(from: string, data: string): Promise<bigint> {
    try {
      return await this.provider.estimateGas({ from, to: this.address, data });
    } catch (error) {
      if (isRevert(error))
        throw new RegistryRevertError(registryErrorNameOf(error), { from }, { cause: error });
      throw error;
    }
  }

  /** Replays a call at `blockTag`; resolves with the custom error it would revert with, or null when it succeeds. */
  async simulate(from: string, data: string, blockTag: BlockTag = "latest"): Promise<string | null> {
    try {
      await this.provider.call({ from, to: this.address, data, blockTag });
      return null;
    } catch (error) {
      if (isRevert(error)) return registryErrorNameOf(error) ?? "unknown revert";
      throw error;
    }
  }

  async feeMarket(): Promise<FeeMarket> {
    const block = await this.provider.getBlock("latest");
    const baseFeePerGas = block?.baseFeePerGas ?? 0n;
    let priorityFeePerGas = DEFAULT_PRIORITY_FEE;
    try {
      priorityFeePerGas = BigInt((await this.provider.send("eth_maxPriorityFeePerGas", [])) as string);
    } catch {
      // Nodes without the method: keep the default tip.
    }
    return { baseFeePerGas, priorityFeePerGas };
  }

  async nonceAt(address: string, blockTag: "latest" | "pending" | number): Promise<number> {
    return this.provider.getTransactionCount(address, blockTag);
  }

  /** Sends signed bytes as they are; the caller learns the outcome by inspecting the chain. */
  async sendRawTransaction(rawTx: string): Promise<void> {
    await this.provider.send("eth_sendRawTransaction", [rawTx]);
  }

  /** True when the node knows the transaction (in its pool or mined). */
  async isKnown(hash: string): Promise<boolean> {
    return (await this.provider.send("eth_getTransactionByHash", [hash])) !== null;
  }

  async receipt(hash: string): Promise<ReceiptSummary | null> {
    const receipt = await this.provider.getTransactionReceipt(hash);
    if (receipt === null) return null;
    return {
      hash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      succeeded: receipt.status === 1,
      gasUsed: receipt.gasUsed,
      effectiveGasPrice: receipt.gasPrice,
    };
  }

  async blockHashAt(blockNumber: number): Promise<string | null> {
    return (await this.provider.getBlock(blockNumber))?.hash ?? null;
  }

  async headBlockNumber(): Promise<number> {
    return this.provider.getBlockNumber();
  }

  destroy(): void {
    this.provider.destroy();
  }

  private async call<T>(functionName: string, args: unknown[]): Promise<T> {
    const data = this.registry.encodeFunctionData(functionName, args);
    const result = this.registry.decodeFunctionResult(
      functionName,
      await this.provider.call({ to: this.address, data }),
    );
    return (result.length === 1 ? result[0] : result.toArray()) as T;
  }
}
