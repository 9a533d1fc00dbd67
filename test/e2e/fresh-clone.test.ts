import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { waitUntil } from "../support/wait-until.js";

/**
 * A newcomer's first contact: what a clone holds (tracked and untracked-but-not-ignored files, so no
 * `artifacts/`, `cache/`, `.local/`, `types/` or package builds), then the README's start command and a
 * benchmark, with nothing built before. `node_modules` is shared by symlinks (installing is not what is
 * tested here), except the workspace packages, which point at the copy's own `packages/`.
 */
const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../", import.meta.url));
let clone: string;
let stack: ChildProcess | null = null;

async function copyWorkingTree(to: string): Promise<void> {
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = stdout.split("\0").filter((file) => file !== "");
  for (const file of files) {
    await mkdir(dirname(join(to, file)), { recursive: true });
    // A file deleted in the working tree but still in the index is not in a clone of this tree either.
    await copyFile(join(repo, file), join(to, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
}

async function linkNodeModules(to: string): Promise<void> {
  const modules = join(to, "node_modules");
  await mkdir(modules);
  for (const entry of await readdir(join(repo, "node_modules"))) {
    if (entry === "@kyc-attest") continue;
    await symlink(await realpath(join(repo, "node_modules", entry)), join(modules, entry));
  }
  await mkdir(join(modules, "@kyc-attest"));
  for (const workspace of ["contracts", "sdk"]) {
    await symlink(join(to, "packages", workspace), join(modules, "@kyc-attest", workspace));
  }
}

function stopStack(): Promise<void> {
  const child = stack;
  stack = null;
  if (child === null || child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGINT");
  });
}

beforeAll(async () => {
  clone = await mkdtemp(join(tmpdir(), "kyc-attest-fresh-"));
  await copyWorkingTree(clone);
  await linkNodeModules(clone);
}, 120_000);

afterAll(async () => {
  await stopStack();
  await rm(clone, { recursive: true, force: true });
});

describe("a fresh clone", () => {
  it("has nothing built: no artifacts, no package builds", async () => {
    const entries = await readdir(clone);
    for (const built of ["artifacts", "cache", ".local", "types"]) expect(entries).not.toContain(built);
    expect(await readdir(join(clone, "packages/sdk"))).not.toContain("dist");
  });

  it("starts the local stack with the README's command, building what it needs first", async () => {
    let output = "";
    stack = spawn(
      "npm",
      [
        "start",
        "--",
        "--no-demo",
        ...["--api-port", "0", "--lambda-port", "0", "--rpc-port", "0", "--dynamodb-port", "0"],
        ...["--sqs-port", "0", "--smtp-port", "0"],
      ],
      { cwd: clone, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    stack.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    stack.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const stackFile = join(clone, ".local/stack.json");
    await waitUntil(
      `.local/stack.json in the clone (output so far:\n${output.slice(-2000)})`,
      async () => {
        if (stack?.exitCode !== null) throw new Error(`npm start exited early:\n${output.slice(-4000)}`);
        return (await readFile(stackFile, "utf8")).includes("apiUrl");
      },
      { timeoutMs: 240_000, intervalMs: 250 },
    );
    expect(output).toContain("Building the contracts and the @kyc-attest packages");
    const info = JSON.parse(await readFile(stackFile, "utf8")) as {
      apiUrl: string;
      chainId: number;
      rpcUrl: string;
      dynamodbEndpoint: string;
      lambdaEndpoint: string;
    };
    expect(info.chainId).toBe(31337);
    expect((await fetch(`${info.apiUrl}/openapi.json`)).status).toBe(200);
    // The console app too: built before the stack started, served at /console/.
    expect(output).toContain("Building the console app");
    const consolePage = await fetch(`${info.apiUrl}/console/`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<div id="root">');

    // Ctrl-C as a terminal sends it (to the whole process group) while a function runs: a scheduled
    // publisher run, which polls DynamoDB for most of a minute, is in flight once the 202 is back. It
    // must finish before DynamoDB Local and the node stop.
    const invoked = await fetch(
      `${info.lambdaEndpoint}/2015-03-31/functions/notification-publisher/invocations`,
      {
        method: "POST",
        headers: { "X-Amz-Invocation-Type": "Event" },
        body: JSON.stringify({
          source: "aws.scheduler",
          "detail-type": "Scheduled Event",
          time: new Date().toISOString(),
        }),
      },
    );
    expect(invoked.status).toBe(202);
    await stopStack();
    expect(output).toMatch(/notification-publisher \(Event\) → ok/);
    expect(output).toMatch(/stack +stopped/);
    expect(output).not.toContain("ECONNREFUSED");
    for (const url of [info.rpcUrl, info.dynamodbEndpoint]) {
      await expect(fetch(url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }
  }, 300_000);

  it("runs a benchmark as its first command after the build, printing only its JSON", async () => {
    const { stdout } = await run("npm", ["run", "-s", "bench:gas", "--", "--json"], {
      cwd: clone,
      maxBuffer: 16 * 1024 * 1024,
    });
    const figures = JSON.parse(stdout) as Record<string, number>;
    expect(figures.attestBatch100PerWallet).toBeGreaterThan(0);
    expect(figures.maxBatchUnderTxCap).toBeGreaterThan(0);
  }, 180_000);
});
