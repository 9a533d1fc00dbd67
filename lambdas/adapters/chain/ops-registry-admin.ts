import { KMSClient } from "@aws-sdk/client-kms";
import { Interface } from "ethers";
import type { RegisteredService, RegistryAdmin } from "../../domain/operator/registry-admin.js";
import { ConfigurationError } from "../../shared/environment.js";
import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";
import { KmsSigner } from "./kms-signer.js";
import { PrivateKeySigner } from "./private-key-signer.js";
import { registryFromEnv, signerFromEnv } from "./chain-from-env.js";
import type { RegistryClient } from "./registry-client.js";
import { signTransaction, type ChainSigner } from "./signer.js";

/** Creating a registry service failed (reverted, not mined in time, or no ServiceCreated event). */
export class RegistryAdminError extends Error {
  override readonly name: string = "RegistryAdminError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}

export interface OpsRegistryAdminOptions {
  registry: RegistryClient;
  /** Holds the registry's DEFAULT_ADMIN_ROLE. */
  admin: ChainSigner;
  /** The pipeline's signer: the new service's attester. */
  attester: ChainSigner;
  confirmations?: number;
  timeoutMs?: number;
}

/** Headroom over the estimate: the grant-slot bookkeeping costs a little more on some paths. */
const GAS_HEADROOM_PERCENT = 120n;

/**
 * `createService([attester])` on the KycRegistry, signed by the admin key and sent as one EIP-1559
 * transaction; answers the new service id from the `ServiceCreated` event once mined.
 */
export class OpsRegistryAdmin implements RegistryAdmin {
  private readonly abi = new Interface(KYC_REGISTRY_ABI);

  constructor(private readonly options: OpsRegistryAdminOptions) {}

  async createService(): Promise<RegisteredService> {
    const { registry, admin } = this.options;
    const [from, attester] = await Promise.all([admin.getAddress(), this.options.attester.getAddress()]);
    const data = this.abi.encodeFunctionData("createService", [[attester]]);
    const [estimate, fees, nonce] = await Promise.all([
      registry.estimateGas(from, data),
      registry.feeMarket(),
      registry.nonceAt(from, "pending"),
    ]);
    const signed = await signTransaction(admin, {
      chainId: BigInt(registry.chainId),
      to: registry.address,
      data,
      nonce,
      gasLimit: (estimate * GAS_HEADROOM_PERCENT) / 100n,
      maxPriorityFeePerGas: fees.priorityFeePerGas,
      maxFeePerGas: fees.baseFeePerGas * 2n + fees.priorityFeePerGas,
    });
    await registry.sendRawTransaction(signed.rawTx);
    const receipt = await registry.provider.waitForTransaction(
      signed.hash,
      this.options.confirmations ?? 1,
      this.options.timeoutMs ?? 60_000,
    );
    if (receipt === null || receipt.status !== 1) {
      const outcome = receipt === null ? "not mined in time" : "reverted";
      throw new RegistryAdminError(`createService ${outcome}`, { txHash: signed.hash });
    }
    for (const log of receipt.logs) {
      const parsed = this.abi.parseLog({ topics: [...log.topics], data: log.data });
      if (parsed?.name === "ServiceCreated") {
        return { serviceId: (parsed.args[0] as bigint).toString(), txHash: signed.hash };
      }
    }
    throw new RegistryAdminError("createService emitted no ServiceCreated event", { txHash: signed.hash });
  }
}

/**
 * The registry admin key: REGISTRY_ADMIN_KMS_KEY_ID (production, secp256k1 KMS key) or
 * REGISTRY_ADMIN_PRIVATE_KEY (local stack and tests only). Plus the chain settings and the
 * pipeline signer (its address becomes the attester).
 */
export function opsRegistryAdminFromEnv(env: NodeJS.ProcessEnv = process.env): OpsRegistryAdmin {
  return new OpsRegistryAdmin({
    registry: registryFromEnv(env),
    admin: adminSignerFromEnv(env),
    attester: signerFromEnv(env),
  });
}

function adminSignerFromEnv(env: NodeJS.ProcessEnv): ChainSigner {
  const keyId = env.REGISTRY_ADMIN_KMS_KEY_ID;
  if (keyId !== undefined && keyId !== "") return new KmsSigner(new KMSClient({}), keyId);
  const privateKey = env.REGISTRY_ADMIN_PRIVATE_KEY;
  if (privateKey !== undefined && privateKey !== "") return new PrivateKeySigner(privateKey);
  throw new ConfigurationError("REGISTRY_ADMIN_KMS_KEY_ID or REGISTRY_ADMIN_PRIVATE_KEY");
}
