import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { HDNodeWallet, type ContractTransactionResponse, type EventLog } from "ethers";
import { network } from "hardhat";
import KycRegistryModule from "../../ignition/modules/KycRegistry.js";
import { recordRegistryDeployment } from "../lib/contract-deployments.js";
import { startHardhatNode } from "../lib/hardhat-node.js";
import { LocalServerStartError } from "./errors.js";

/** Hardhat's well-known development mnemonic: its accounts are public test keys, never real funds. */
const DEVELOPMENT_MNEMONIC = "test test test test test test test test test test test junk";
const ADMIN_ACCOUNT_PATH = "m/44'/60'/0'/0/0";
const ATTESTER_ACCOUNT_PATH = "m/44'/60'/0'/0/1";

export interface LocalChain {
  readonly rpcUrl: string;
  readonly chainId: bigint;
  readonly registryAddress: string;
  /** The registry service created for the local deployment. */
  readonly serviceId: bigint;
  /** Account #0: deployed the registry, holds the admin role; the local stand-in for the admin KMS key. */
  readonly admin: { readonly address: string; readonly privateKey: string };
  /** Account #1: attester of `serviceId`; the local stand-in for the KMS signing key. */
  readonly attester: { readonly address: string; readonly privateKey: string };
  stop(): Promise<void>;
}

/**
 * A Hardhat node on 127.0.0.1 with the KycRegistry deployed by its Ignition module and one service whose
 * attester is account #1. The chain lives in memory, so each start deploys afresh and the Ignition
 * journal (`ignition/deployments/<deploymentId>`) is removed again on stop.
 */
export async function startLocalChain(options: { port: number; deploymentId: string }): Promise<LocalChain> {
  const node = await startHardhatNode({ port: options.port });
  const journal = fileURLToPath(
    new URL(`../../ignition/deployments/${options.deploymentId}`, import.meta.url),
  );
  const removeJournal = () => rm(journal, { recursive: true, force: true });
  const stop = async () => {
    await node.stop();
    await removeJournal();
  };
  try {
    await removeJournal();
    const connection = await network.create({ network: "localhost", override: { url: node.rpcUrl } });
    try {
      const { registry } = await connection.ignition.deploy(KycRegistryModule, {
        deploymentId: options.deploymentId,
        displayUi: false,
      });
      const [admin, attesterSigner] = await connection.ethers.getSigners();
      const attester = HDNodeWallet.fromPhrase(DEVELOPMENT_MNEMONIC, undefined, ATTESTER_ACCOUNT_PATH);
      const adminWallet = HDNodeWallet.fromPhrase(DEVELOPMENT_MNEMONIC, undefined, ADMIN_ACCOUNT_PATH);
      if (admin?.address !== adminWallet.address || attesterSigner?.address !== attester.address) {
        throw new Error("the node's accounts are not Hardhat's development accounts");
      }
      const sent: ContractTransactionResponse = await registry.connect(admin).getFunction("createService")([
        attester.address,
      ]);
      const receipt = await sent.wait();
      const created = receipt?.logs.find(
        (log): log is EventLog => "fragment" in log && log.fragment.name === "ServiceCreated",
      );
      if (created === undefined) throw new Error("createService emitted no ServiceCreated event");
      const registryAddress = await registry.getAddress();
      await recordRegistryDeployment(
        node.chainId,
        registryAddress,
        "the local stack (npm start): a fresh Hardhat node, the registry deployed by account #0 at nonce 0",
      );
      return {
        rpcUrl: node.rpcUrl,
        chainId: node.chainId,
        registryAddress,
        serviceId: created.args[0] as bigint,
        admin: { address: adminWallet.address, privateKey: adminWallet.privateKey },
        attester: { address: attester.address, privateKey: attester.privateKey },
        stop,
      };
    } finally {
      await connection.close();
    }
  } catch (cause) {
    await stop();
    throw new LocalServerStartError("Hardhat node", "could not deploy the registry", { cause });
  }
}
