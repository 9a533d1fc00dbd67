import { describeNodeExit } from "../lib/hardhat-node.js";
import type { LocalChain } from "./local-chain.js";
import type { StackLog } from "./stack-log.js";

/**
 * Watches the local stack's Hardhat node. If it dies, says so plainly, starts a fresh one on the same
 * port and deploys the registry again at the same address, with as many registry services as DynamoDB
 * knows (`serviceCount`), so every registered service keeps its id and attester. The new chain has
 * none of the old flags or transactions: the attester sees a nonce gap (alarm `ChainNonceGap`) and
 * `npm run ops -- chain resync` brings the flags back (docs/chain-operations.md).
 */
export function superviseLocalChain(
  chain: LocalChain,
  deps: { log: StackLog; serviceCount: () => Promise<number> },
): { stop(): void } {
  let active = true;
  const watch = async () => {
    while (active) {
      const deadPid = chain.pid();
      const exit = await chain.died();
      if (!active) return;
      const startedAt = Date.now();
      deps.log.line(
        "stack",
        `the Hardhat node died (pid ${deadPid}, ${describeNodeExit(exit)}); restarting it with an empty chain`,
        { pid: deadPid, exitCode: exit.code, signal: exit.signal },
      );
      try {
        const services = await deps.serviceCount();
        await chain.restartEmpty(services);
        if (!active) return;
        const tookMs = Date.now() - startedAt;
        deps.log.line(
          "stack",
          `the Hardhat node is back on ${chain.rpcUrl} (pid ${chain.pid()}, ${(tookMs / 1000).toFixed(1)} s) ` +
            `with the registry at ${chain.registryAddress} (${services} registry service${services === 1 ? "" : "s"} re-created); ` +
            "the old chain's flags and transactions are gone: run `npm run ops -- chain resync`",
          { pid: chain.pid(), registryAddress: chain.registryAddress, services, tookMs },
        );
      } catch (error) {
        // Stopping meanwhile: the stack stopped the new node (or never started it); nothing to report.
        if (!active) return;
        deps.log.line("stack", `could not restart the Hardhat node: ${(error as Error).message}`);
        return;
      }
    }
  };
  void watch();
  return {
    stop: () => {
      active = false;
    },
  };
}

/** Registry services to re-create: the highest registry service id a stored service uses (ids are sequential). */
export function serviceCountOf(onchainServiceIds: readonly (string | null)[]): number {
  return onchainServiceIds.reduce((max, id) => (id === null ? max : Math.max(max, Number(id))), 1);
}
