import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { HDNodeWallet, type ContractTransactionResponse, type EventLog } from "ethers";
import { network } from "hardhat";
import KycRegistryModule from "../../ignition/modules/KycRegistry.js";
import { recordRegistryDeployment } from "../lib/contract-deployments.js";
import { startHardhatNode, type HardhatNode, type NodeExit } from "../lib/hardhat-node.js";
import { ChainStoppedError, LocalServerStartError } from "./errors.js";

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
  /** The current node process (it changes with each restart). */
  pid(): number;
  /** Resolves when the current node process ends without `stop` (it died). */
  died(): Promise<NodeExit>;
  /**
   * Starts a fresh node on the same port and deploys the registry again: the same deployer at the same
   * nonces gives the same address (checked). Creates registry services until there are `serviceCount`
   * (service ids are sequential), so services registered before keep their ids; their attester is #1.
   * Rejects with `ChainStoppedError` when `stop` came first or meanwhile (the new node is stopped too).
   */
  restartEmpty(serviceCount: number): Promise<void>;
  /** Stops the node, a restarted one included, and waits for a restart under way to give up. */
  stop(): Promise<void>;
}

/**
 * A Hardhat node on 127.0.0.1 with the KycRegistry deployed by its Ignition module and one service whose
 * attester is account #1. The chain lives in memory, so each start deploys afresh and the Ignition
 * journal (`ignition/deployments/<deploymentId>`) is removed again on stop.
 */
export async function startLocalChain(options: {
  port: number;
  deploymentId: string;
  /** The node in its own process group (see startHardhatNode). */
  detached?: boolean;
}): Promise<LocalChain> {
  const detached = options.detached === true;
  let node = await startHardhatNode({ port: options.port, detached });
  let stopping = false;
  /** A restart's node start under way: `stop` waits for its process, to stop it rather than leave it behind. */
  let starting: Promise<void> | null = null;
  const journal = fileURLToPath(
    new URL(`../../ignition/deployments/${options.deploymentId}`, import.meta.url),
  );
  const removeJournal = () => rm(journal, { recursive: true, force: true });
  const stop = async () => {
    stopping = true;
    await starting?.catch(() => undefined);
    await node.stop();
    await removeJournal();
  };
  const stopped = () => new ChainStoppedError("Hardhat node", "the local stack is stopping");
  try {
    const deployed = await deployRegistry(node, options.deploymentId, removeJournal, 1);
    await recordRegistryDeployment(
      node.chainId,
      deployed.registryAddress,
      "the local stack (npm start): a fresh Hardhat node, the registry deployed by account #0 at nonce 0",
    );
    return {
      rpcUrl: node.rpcUrl,
      chainId: node.chainId,
      registryAddress: deployed.registryAddress,
      serviceId: deployed.serviceId,
      admin: deployed.admin,
      attester: deployed.attester,
      pid: () => node.pid,
      died: async () => {
        const current = node;
        const exit = await current.exited;
        // Stopped on purpose, or replaced by a restart: not a death to report.
        return stopping || current !== node ? new Promise<never>(() => undefined) : exit;
      },
      restartEmpty: async (serviceCount) => {
        if (stopping) throw stopped();
        await node.stop();
        if (stopping) throw stopped();
        // `node` is replaced before `starting` settles, so a `stop` waiting for it stops the new node.
        starting = startHardhatNode({ port: options.port, detached }).then((started) => {
          node = started;
        });
        try {
          await starting;
        } finally {
          starting = null;
        }
        // `stop` ran meanwhile: it waited for this node and stops it; deploying to it would only fail.
        if (stopping) throw stopped();
        const again = await deployRegistry(node, options.deploymentId, removeJournal, serviceCount);
        if (again.registryAddress !== deployed.registryAddress) {
          throw new LocalServerStartError(
            "Hardhat node",
            `the registry came back at ${again.registryAddress}, not ${deployed.registryAddress}`,
          );
        }
      },
      stop,
    };
  } catch (cause) {
    await stop();
    throw new LocalServerStartError("Hardhat node", "could not deploy the registry", { cause });
  }
}

/** Ignition deploys the registry (account #0, nonce 0), then `createService([#1])` until `serviceCount`. */
async function deployRegistry(
  node: HardhatNode,
  deploymentId: string,
  removeJournal: () => Promise<void>,
  serviceCount: number,
) {
  await removeJournal();
  const connection = await network.create({ network: "localhost", override: { url: node.rpcUrl } });
  try {
    const { registry } = await connection.ignition.deploy(KycRegistryModule, {
      deploymentId,
      displayUi: false,
    });
    const [admin, attesterSigner] = await connection.ethers.getSigners();
    const attester = HDNodeWallet.fromPhrase(DEVELOPMENT_MNEMONIC, undefined, ATTESTER_ACCOUNT_PATH);
    const adminWallet = HDNodeWallet.fromPhrase(DEVELOPMENT_MNEMONIC, undefined, ADMIN_ACCOUNT_PATH);
    if (admin?.address !== adminWallet.address || attesterSigner?.address !== attester.address) {
      throw new Error("the node's accounts are not Hardhat's development accounts");
    }
    let serviceId = 0n;
    for (let created = 0; created < Math.max(1, serviceCount); created += 1) {
      const sent: ContractTransactionResponse = await registry.connect(admin).getFunction("createService")([
        attester.address,
      ]);
      const receipt = await sent.wait();
      const event = receipt?.logs.find(
        (log): log is EventLog => "fragment" in log && log.fragment.name === "ServiceCreated",
      );
      if (event === undefined) throw new Error("createService emitted no ServiceCreated event");
      if (created === 0) serviceId = event.args[0] as bigint;
    }
    return {
      registryAddress: await registry.getAddress(),
      serviceId,
      admin: { address: adminWallet.address, privateKey: adminWallet.privateKey },
      attester: { address: attester.address, privateKey: attester.privateKey },
    };
  } finally {
    await connection.close();
  }
}
