import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { Contract } from "ethers";
import { ContractFactory, JsonRpcProvider, Wallet, parseEther, type JsonRpcSigner } from "ethers";
import { HmacIdentifierHasher } from "../../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { RefKeySalt } from "../../../../lambdas/adapters/chain/refkey-salt.js";
import { createDocumentClient } from "../../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbChainRecordStore } from "../../../../lambdas/adapters/dynamodb/chain-record-store.js";
import { DynamoDbChainTxStore } from "../../../../lambdas/adapters/dynamodb/chain-tx-store.js";
import { DynamoDbFailedBatchStore } from "../../../../lambdas/adapters/dynamodb/chain-failed-batch-store.js";
import { DynamoDbProfileRepository } from "../../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../../lambdas/adapters/dynamodb/service-repository.js";
import { startHardhatNode, type HardhatNode } from "../../../../scripts/lib/hardhat-node.js";
import { LOCAL_AWS } from "../../../support/dynamodb-local.js";
import { findFreePort } from "../../../support/free-port.js";
import { startLocalServices, type LocalServices } from "../../../support/local-services.js";
import { TcpProxy } from "./tcp-proxy.js";

const ARTIFACT = new URL("../../../../artifacts/contracts/KycRegistry.sol/KycRegistry.json", import.meta.url);

/**
 * Everything the chain pipeline runs against, for one test file: DynamoDB Local and fauxqs (main table,
 * chain FIFO queue with its DLQ), a real `hardhat node` reached through a TcpProxy, the KycRegistry
 * deployed with service 1 whose attester is a fresh funded key, and the Lambda environment.
 */
export interface ChainStack {
  readonly local: LocalServices;
  /** The node currently running (a new one after `restartNodeEmpty`). */
  readonly node: HardhatNode;
  readonly proxy: TcpProxy;
  /** Talks to the node directly (not through the proxy): the test's own view of the chain. */
  readonly provider: JsonRpcProvider;
  readonly admin: JsonRpcSigner;
  readonly registry: Contract;
  readonly serviceId: bigint;
  readonly attester: Wallet;
  readonly chainQueueUrl: string;
  readonly chainQueueArn: string;
  readonly chainDlqUrl: string;
  readonly env: Readonly<Record<string, string>>;
  readonly documents: ReturnType<typeof createDocumentClient>;
  readonly profiles: DynamoDbProfileRepository;
  readonly services: DynamoDbServiceRepository;
  readonly records: DynamoDbChainRecordStore;
  readonly txStore: DynamoDbChainTxStore;
  readonly failedBatches: DynamoDbFailedBatchStore;
  readonly hasher: HmacIdentifierHasher;
  readonly salt: RefKeySalt;
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  /**
   * The node dies and a fresh one comes back on the same port with an empty chain (a restarted
   * in-memory node, a testnet reset): the registry is deployed again by the same admin at the same
   * nonce, so at the same address, with service 1 for the attester again. The pipeline's DynamoDB
   * records still describe the old chain.
   */
  restartNodeEmpty(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Deploys the KycRegistry from the node's account #0 (its first transactions on a fresh node, so the
 * address only depends on that account), creates service 1 for `attester`, funds it and makes the admin
 * a pauser.
 */
async function deployRegistry(provider: JsonRpcProvider, attester: Wallet): Promise<Contract> {
  const admin = await provider.getSigner(0);
  const artifact = JSON.parse(await readFile(ARTIFACT, "utf8")) as { abi: unknown[]; bytecode: string };
  const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, admin);
  const registry = (await (
    await factory.deploy(0, await admin.getAddress())
  ).waitForDeployment()) as Contract;
  await provider.send("hardhat_setBalance", [attester.address, `0x${parseEther("1000").toString(16)}`]);
  await (await registry.getFunction("createService")([attester.address])).wait();
  await (
    await registry.getFunction("grantRole")(
      await registry.getFunction("PAUSER_ROLE")(),
      await admin.getAddress(),
    )
  ).wait();
  return registry;
}

export async function startChainStack(
  prefix: string,
  envOverrides: Record<string, string> = {},
): Promise<ChainStack> {
  const [local, firstNode] = await Promise.all([
    startLocalServices(prefix),
    findFreePort().then((port) => startHardhatNode({ port })),
  ]);
  let node = firstNode;
  const proxy = new TcpProxy(Number(new URL(node.rpcUrl).port), await findFreePort());
  await proxy.start();
  const provider = new JsonRpcProvider(node.rpcUrl, Number(node.chainId), {
    staticNetwork: true,
    batchMaxCount: 1,
  });
  try {
    const admin = await provider.getSigner(0);
    const attester = new Wallet(Wallet.createRandom().privateKey);
    const registry = await deployRegistry(provider, attester);

    const sqs = local.sqsClient();
    const dlq = await sqs.send(
      new CreateQueueCommand({ QueueName: `${prefix}-chain-dlq.fifo`, Attributes: { FifoQueue: "true" } }),
    );
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }))
    ).Attributes?.QueueArn as string;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${prefix}-chain.fifo`,
        Attributes: {
          FifoQueue: "true",
          VisibilityTimeout: "60",
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: "50" }),
        },
      }),
    );
    const chainQueueArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ["QueueArn"] }),
      )
    ).Attributes?.QueueArn as string;
    sqs.destroy();

    const refKeyPepper = `base64:${randomBytes(32).toString("base64")}`;
    const env: Record<string, string> = {
      ...local.env,
      CHAIN_RPC_URL: proxy.url,
      CHAIN_ID: String(node.chainId),
      REGISTRY_ADDRESS: await registry.getAddress(),
      CHAIN_SIGNER_PRIVATE_KEY: attester.privateKey,
      CHAIN_QUEUE_URL: queue.QueueUrl as string,
      REFKEY_PEPPER: refKeyPepper,
      CHAIN_POLL_INTERVAL_MS: "100",
      ...envOverrides,
    };
    const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
    return {
      local,
      get node() {
        return node;
      },
      proxy,
      provider,
      admin,
      registry,
      serviceId: 1n,
      attester,
      chainQueueUrl: queue.QueueUrl as string,
      chainQueueArn,
      chainDlqUrl: dlq.QueueUrl as string,
      env,
      documents,
      profiles: new DynamoDbProfileRepository(documents, local.tableName),
      services: new DynamoDbServiceRepository(documents, local.tableName),
      records: new DynamoDbChainRecordStore(documents, local.tableName),
      txStore: new DynamoDbChainTxStore(documents, local.tableName),
      failedBatches: new DynamoDbFailedBatchStore(documents, local.tableName),
      hasher: HmacIdentifierHasher.fromSecret(env.IDENTIFIER_PEPPER),
      salt: RefKeySalt.fromSecret(refKeyPepper),
      rpc: (method, params = []) => provider.send(method, params),
      async restartNodeEmpty() {
        const port = Number(new URL(node.rpcUrl).port);
        await node.stop();
        node = await startHardhatNode({ port });
        const redeployed = await deployRegistry(provider, attester);
        const [before, after] = [await registry.getAddress(), await redeployed.getAddress()];
        if (before !== after) throw new Error(`the registry moved from ${before} to ${after}`);
      },
      async stop() {
        documents.destroy();
        provider.destroy();
        await proxy.stop();
        await Promise.all([node.stop(), local.stop()]);
      },
    };
  } catch (error) {
    provider.destroy();
    await proxy.stop();
    await Promise.all([node.stop(), local.stop()]);
    throw error;
  }
}
