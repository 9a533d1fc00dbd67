import { KMSClient } from "@aws-sdk/client-kms";
import { SQSClient } from "@aws-sdk/client-sqs";
import { HmacIdentifierHasher } from "../crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../dynamodb/document-client.js";
import { DynamoDbChainProfileReader } from "../dynamodb/chain-profile-reader.js";
import { DynamoDbChainRecordStore } from "../dynamodb/chain-record-store.js";
import { DynamoDbChainTxStore } from "../dynamodb/chain-tx-store.js";
import { DynamoDbFailedBatchStore } from "../dynamodb/chain-failed-batch-store.js";
import { DynamoDbIdentifierIndex } from "../dynamodb/identifier-index.js";
import { DynamoDbOutboxStore } from "../dynamodb/outbox-store.js";
import { DynamoDbProfileRepository } from "../dynamodb/profile-repository.js";
import { DynamoDbPersonalDataCleanup } from "../dynamodb/retention-cleanup.js";
import { DynamoDbServiceRepository } from "../dynamodb/service-repository.js";
import { DEFAULT_FEE_POLICY } from "../../domain/chain/fee-policy.js";
import { DEFAULT_MAX_WALLETS_PER_TX } from "../../domain/chain/gas-budget.js";
import { ConfigurationError, positiveIntegerEnv, requiredEnv } from "../../shared/environment.js";
import type { AttesterDeps } from "./attester-run.js";
import type { ChainObserver } from "./chain-observer.js";
import { SqsChainQueue } from "./chain-queue.js";
import { KmsSigner } from "./kms-signer.js";
import { NonceSafeSender } from "./nonce-safe-sender.js";
import { PrivateKeySigner } from "./private-key-signer.js";
import { RefKeySalt } from "./refkey-salt.js";
import { RegistryClient } from "./registry-client.js";
import type { ReconcileDeps } from "./reconcile-run.js";
import type { ChainSigner } from "./signer.js";

/**
 * The chain pipeline's environment:
 * - CHAIN_RPC_URL, CHAIN_ID, REGISTRY_ADDRESS: the node and the KycRegistry;
 * - CHAIN_SIGNER_KMS_KEY_ID (production: a KMS key of spec ECC_SECG_P256K1) or CHAIN_SIGNER_PRIVATE_KEY
 *   (local stack and tests only: a Hardhat account);
 * - CHAIN_QUEUE_URL: the chain FIFO queue; REFKEY_PEPPER: the refKey salt secret; TABLE_NAME, IDENTIFIER_PEPPER;
 * - tuning: CHAIN_CONFIRMATIONS (1), CHAIN_STUCK_AFTER_SECONDS (180), CHAIN_POLL_INTERVAL_MS (500),
 *   CHAIN_MAX_WALLETS_PER_TX (400), CHAIN_MAX_FEE_GWEI (500), CHAIN_MIN_REMAINING_SECONDS (3600).
 */
export interface ChainSettings {
  rpcUrl: string;
  chainId: number;
  registryAddress: string;
  confirmations: number;
  stuckAfterMs: number;
  pollIntervalMs: number;
  maxWalletsPerTx: number;
  maxFeePerGasCap: bigint;
  minRemainingSeconds: number;
}

export function chainSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ChainSettings {
  return {
    rpcUrl: requiredEnv("CHAIN_RPC_URL", env),
    chainId: positiveIntegerEnv("CHAIN_ID", 31337, env),
    registryAddress: requiredEnv("REGISTRY_ADDRESS", env),
    confirmations: positiveIntegerEnv("CHAIN_CONFIRMATIONS", 1, env),
    stuckAfterMs: positiveIntegerEnv("CHAIN_STUCK_AFTER_SECONDS", 180, env) * 1000,
    pollIntervalMs: positiveIntegerEnv("CHAIN_POLL_INTERVAL_MS", 500, env),
    maxWalletsPerTx: positiveIntegerEnv("CHAIN_MAX_WALLETS_PER_TX", DEFAULT_MAX_WALLETS_PER_TX, env),
    maxFeePerGasCap: BigInt(positiveIntegerEnv("CHAIN_MAX_FEE_GWEI", 500, env)) * 10n ** 9n,
    minRemainingSeconds: positiveIntegerEnv("CHAIN_MIN_REMAINING_SECONDS", 3600, env),
  };
}

/**
 * An SQS client that sends to the endpoint the SDK resolved (region, or AWS_ENDPOINT_URL_SQS locally)
 * instead of the queue URL's host, which emulators set to names that may not resolve.
 */
export function chainSqsClient(): SQSClient {
  return new SQSClient({ useQueueUrlAsEndpoint: false });
}

export function signerFromEnv(env: NodeJS.ProcessEnv = process.env): ChainSigner {
  const keyId = env.CHAIN_SIGNER_KMS_KEY_ID;
  if (keyId !== undefined && keyId !== "") return new KmsSigner(new KMSClient({}), keyId);
  const privateKey = env.CHAIN_SIGNER_PRIVATE_KEY;
  if (privateKey !== undefined && privateKey !== "") return new PrivateKeySigner(privateKey);
  throw new ConfigurationError("CHAIN_SIGNER_KMS_KEY_ID or CHAIN_SIGNER_PRIVATE_KEY");
}

export function registryFromEnv(env: NodeJS.ProcessEnv = process.env): RegistryClient {
  const settings = chainSettingsFromEnv(env);
  return new RegistryClient({
    rpcUrl: settings.rpcUrl,
    chainId: settings.chainId,
    registryAddress: settings.registryAddress,
  });
}

/** The chain queue, its message group being the signer's address (one ordered lane per signer). */
export async function chainQueueFromEnv(
  signer: ChainSigner,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SqsChainQueue> {
  return new SqsChainQueue(chainSqsClient(), requiredEnv("CHAIN_QUEUE_URL", env), await signer.getAddress());
}

export function outboxStoreFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoDbOutboxStore {
  return new DynamoDbOutboxStore(createDocumentClient(), requiredEnv("TABLE_NAME", env));
}

/** The attester's deps; its queue's message group is the signer's address (one signer for both). */
export async function attesterDepsFromEnv(
  observer: ChainObserver,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AttesterDeps> {
  const settings = chainSettingsFromEnv(env);
  const signer = signerFromEnv(env);
  const queue = await chainQueueFromEnv(signer, env);
  const documents = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  const registry = registryFromEnv(env);
  const now = () => Date.now();
  const txStore = new DynamoDbChainTxStore(documents, tableName);
  const sender = new NonceSafeSender({
    registry,
    signer,
    txStore,
    observer,
    config: {
      confirmations: settings.confirmations,
      stuckAfterMs: settings.stuckAfterMs,
      pollIntervalMs: settings.pollIntervalMs,
      feePolicy: { ...DEFAULT_FEE_POLICY, maxFeePerGasCap: settings.maxFeePerGasCap },
    },
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  return {
    sender,
    registry,
    records: new DynamoDbChainRecordStore(documents, tableName),
    outbox: new DynamoDbPersonalDataCleanup(documents, tableName),
    failedBatches: new DynamoDbFailedBatchStore(documents, tableName),
    services: new DynamoDbServiceRepository(documents, tableName),
    index: new DynamoDbIdentifierIndex(documents, tableName),
    hasher: HmacIdentifierHasher.fromSecret(env.IDENTIFIER_PEPPER),
    salt: RefKeySalt.fromSecret(env.REFKEY_PEPPER),
    queue,
    txStore,
    observer,
    config: {
      maxWalletsPerTx: settings.maxWalletsPerTx,
      minRemainingSeconds: settings.minRemainingSeconds,
      settlePollMs: settings.pollIntervalMs,
    },
    now,
  };
}

/** What the reconcile function needs: the reconcile run's deps, and the signer's transactions (status, ticks). */
export interface ReconcileFunctionDeps extends ReconcileDeps {
  txStore: DynamoDbChainTxStore;
  signerAddress: string;
}

export async function reconcileDepsFromEnv(
  observer: ChainObserver,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReconcileFunctionDeps> {
  const settings = chainSettingsFromEnv(env);
  const documents = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  const signer = signerFromEnv(env);
  return {
    txStore: new DynamoDbChainTxStore(documents, tableName),
    signerAddress: await signer.getAddress(),
    services: new DynamoDbServiceRepository(documents, tableName),
    profiles: new DynamoDbProfileRepository(documents, tableName),
    reader: new DynamoDbChainProfileReader(documents, tableName),
    records: new DynamoDbChainRecordStore(documents, tableName),
    failedBatches: new DynamoDbFailedBatchStore(documents, tableName),
    registry: registryFromEnv(env),
    queue: await chainQueueFromEnv(signer, env),
    observer,
    now: () => Date.now(),
    minRemainingSeconds: settings.minRemainingSeconds,
  };
}
