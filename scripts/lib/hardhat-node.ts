import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { assertPortFree } from "./ports.js";
import { waitFor } from "./wait-for.js";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** How a node process ended: its exit code, or the signal that killed it. */
export interface NodeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** "exit code 1", "killed by SIGKILL": what an operator reads in the stack log. */
export function describeNodeExit({ code, signal }: NodeExit): string {
  return signal !== null ? `killed by ${signal}` : `exit code ${code}`;
}

export interface HardhatNode {
  rpcUrl: string;
  chainId: bigint;
  /** The node's process id (`kill <pid>` to try the supervision). */
  pid: number;
  /** Resolves when the node process ends, for whatever reason (a supervisor watches it). */
  exited: Promise<NodeExit>;
  stop(): Promise<void>;
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Nodes still running, killed if this process exits without stopping them (a crash, Ctrl-C). */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts `hardhat node` (EDR, the config's default network) on 127.0.0.1:`port` as a child process and
 * resolves once it answers JSON-RPC. `blockTimeSeconds` switches automining to interval mining.
 */
export async function startHardhatNode({
  port,
  blockTimeSeconds,
  detached = false,
}: {
  port: number;
  blockTimeSeconds?: number;
  /**
   * Its own process group, so a terminal's Ctrl-C reaches only the caller; for callers that handle
   * SIGINT and stop the node themselves (`npm start`).
   */
  detached?: boolean;
}): Promise<HardhatNode> {
  await assertPortFree(port, "the Hardhat node");
  const child: ChildProcess = spawn(
    process.execPath,
    [
      `${projectRoot}node_modules/hardhat/dist/src/cli.js`,
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    { cwd: projectRoot, stdio: ["ignore", "ignore", "pipe"], env: process.env, detached },
  );
  running.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<NodeExit>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await Promise.race([
      waitFor("the Hardhat node to answer JSON-RPC", () => rpc(rpcUrl, "eth_chainId"), { timeoutMs: 60_000 }),
      exited.then((exit) => {
        throw new Error(`hardhat node ended (${describeNodeExit(exit)}): ${stderr.trim()}`);
      }),
    ]);
    if (blockTimeSeconds !== undefined) {
      await rpc(rpcUrl, "evm_setAutomine", [false]);
      await rpc(rpcUrl, "evm_setIntervalMining", [blockTimeSeconds * 1000]);
    }
    const chainId = BigInt((await rpc(rpcUrl, "eth_chainId")) as string);
    return { rpcUrl, chainId, pid: child.pid!, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
