import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startLocalStack, type LocalStack } from "../../scripts/local/local-stack.js";
import { silentLog } from "../../scripts/local/stack-log.js";
import { findFreePort } from "../support/free-port.js";

/**
 * The published packages as an outsider gets them: `npm pack` each workspace, install the tarballs into a
 * fresh project outside the repository (no workspace links), then compile a contract importing KycGated
 * with Hardhat and type-check and run an SDK script against the local stack. The registry is not
 * reachable, so the tarballs install `--offline`; the tools the project needs besides them (hardhat,
 * solc, typescript, ethers, viem, @types/node) are linked from this repository's node_modules.
 */
const execFileAsync = promisify(execFile);
const repositoryDir = fileURLToPath(new URL("../../", import.meta.url));
const consumerFixture = fileURLToPath(new URL("./consumer/", import.meta.url));
const require = createRequire(import.meta.url);
// npm scripts run under the project's Node 24 (the `node` dev dependency); children use the same one.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}` };
const LINKED_TOOLS = ["hardhat", "solc", "typescript", "ethers", "viem", "@types/node"];

let workDir: string;
let projectDir: string;
const tarballs: Record<string, { filename: string; size: number; unpackedSize: number }> = {};

async function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}) {
  try {
    return await execFileAsync(command, args, {
      cwd,
      env: { ...env, ...extraEnv },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(" ")} failed: ${failed.message}\n${failed.stdout}\n${failed.stderr}`,
      { cause: error },
    );
  }
}

function binOf(packageName: string, bin: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(require("node:fs").readFileSync(manifestPath, "utf8")) as {
    bin: string | Record<string, string>;
  };
  const relative = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[bin];
  if (relative === undefined) throw new Error(`${packageName} has no ${bin} binary`);
  return join(dirname(manifestPath), relative);
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "kyc-attest-packages-"));
  const packed = await run(
    "npm",
    [
      "pack",
      "--workspace",
      "@kyc-attest/contracts",
      "--workspace",
      "@kyc-attest/sdk",
      "--pack-destination",
      workDir,
      "--json",
    ],
    repositoryDir,
  );
  for (const entry of JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as {
    name: string;
    filename: string;
    size: number;
    unpackedSize: number;
  }[]) {
    tarballs[entry.name] = entry;
  }

  projectDir = join(workDir, "project");
  await cp(consumerFixture, projectDir, { recursive: true });
  await writeFile(
    join(projectDir, "package.json"),
    JSON.stringify({ name: "packed-packages-consumer", private: true, type: "module" }, null, 2),
  );
  await run(
    "npm",
    [
      "install",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      // ethers is the SDK's (optional) peer: linked below rather than installed.
      "--legacy-peer-deps",
      join(workDir, tarballs["@kyc-attest/contracts"]!.filename),
      join(workDir, tarballs["@kyc-attest/sdk"]!.filename),
    ],
    projectDir,
  );
  for (const tool of LINKED_TOOLS) {
    const target = join(projectDir, "node_modules", tool);
    await mkdir(dirname(target), { recursive: true });
    await symlink(join(repositoryDir, "node_modules", tool), target, "dir");
  }
}, 300_000);

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe("the packed packages", () => {
  it("are installed from their tarballs, not linked to the workspace", async () => {
    const installed = JSON.parse(
      await readFile(join(projectDir, "node_modules/@kyc-attest/sdk/package.json"), "utf8"),
    ) as { name: string; version: string; private?: boolean };
    expect(installed).toMatchObject({ name: "@kyc-attest/sdk", version: "0.1.0" });
    expect(installed.private).toBeUndefined();
    const lock = await readFile(join(projectDir, "package-lock.json"), "utf8");
    expect(lock).toContain("kyc-attest-sdk-0.1.0.tgz");
    expect(lock).not.toContain('"link": true');
  });

  it("compile a contract importing @kyc-attest/contracts/KycGated.sol with Hardhat", async () => {
    await run(process.execPath, [binOf("hardhat", "hardhat"), "build", "--quiet"], projectDir);
    const artifact = JSON.parse(
      await readFile(
        join(projectDir, "artifacts/contracts/MembersOnlyVault.sol/MembersOnlyVault.json"),
        "utf8",
      ),
    ) as { abi: { name?: string }[]; bytecode: string };
    const names = artifact.abi.map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "deposit",
        "depositFor",
        "lockUp",
        "isKycVerified",
        "isKycVerifiedFor",
        "KycGatedNotVerified",
      ]),
    );
    expect(artifact.bytecode.length).toBeGreaterThan(2);
  }, 300_000);

  describe("against the local stack", () => {
    let stack: LocalStack;

    beforeAll(async () => {
      stack = await startLocalStack({
        ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
        log: silentLog,
        handlerLogLevel: "ERROR",
      });
    }, 180_000);

    afterAll(async () => {
      await stack?.stop();
    });

    async function invoke(functionName: string, request: Record<string, unknown>) {
      const answer = await stack.functions.invoke(functionName, request);
      if (answer.status !== "ok") throw new Error(`${functionName}: ${JSON.stringify(answer)}`);
      return answer.payload as { status: string; data: Record<string, unknown> };
    }

    it("type-checks an SDK script against the published types and runs it: intake, status, webhook, registry", async () => {
      await run(process.execPath, [binOf("typescript", "tsc"), "-p", "tsconfig.json"], projectDir);

      const clientId = `sdk-${Date.now().toString(36)}`;
      const webhookPort = await findFreePort();
      const created = await invoke("ops-service", {
        action: "create",
        clientId,
        name: "SDK consumer",
        plan: "managed",
        webhookUrl: `http://127.0.0.1:${webhookPort}/kyc`,
        operator: "packages-test",
      });
      const registration = created.data.registration as { serviceId: string } | null;
      if (registration === null) throw new Error(`no registry service: ${JSON.stringify(created)}`);
      const keyOf = async (scope: string) =>
        (await invoke("ops-api-keys", { action: "create", clientId, scope, operator: "packages-test" })).data
          .apiKey as string;
      // The secret the operator hands the business, from the answer to creating the service.
      const secret = (created.data.webhook as { secret: string }).secret;

      const { stdout } = await run(process.execPath, ["out/check-stack.js"], projectDir, {
        KYC_API_URL: stack.stackInfo.apiUrl,
        KYC_CLIENT_ID: clientId,
        KYC_INTAKE_KEY: await keyOf("intake"),
        KYC_STATUS_KEY: await keyOf("status"),
        KYC_WEBHOOK_SECRET: secret,
        KYC_RPC_URL: stack.stackInfo.rpcUrl,
        KYC_REGISTRY_SERVICE_ID: registration.serviceId,
        WEBHOOK_PORT: String(webhookPort),
      });
      const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as {
        intakeStatus: string;
        status: string;
        listed: string[];
        unknownRefId: number | null;
        webhook: { valid: boolean; tamperedValid: boolean };
        registry: { address: string; verifiedUntil: string | null; batch: { verified: boolean }[] };
        viem: { verified: boolean; verifiedUntil: string | null; issuedFor: boolean };
        refKeyCheck: {
          chainId: number;
          registry: string;
          serviceId: string;
          issuedFor: Record<string, boolean>;
        };
        refId: string;
      };
      expect(result).toMatchObject({
        intakeStatus: "waiting",
        status: "approved",
        unknownRefId: 404,
        webhook: { valid: true, tamperedValid: false },
        registry: { address: stack.stackInfo.registryAddress },
      });
      expect(result.listed.sort()).toEqual([result.refId, `${result.refId}-pending`].sort());
      expect(Date.parse(result.registry.verifiedUntil ?? "")).toBeGreaterThan(Date.now());
      expect(result.registry.batch.map((entry) => entry.verified)).toEqual([true, false]);
      expect(result.viem).toEqual({
        verified: true,
        verifiedUntil: result.registry.verifiedUntil,
        issuedFor: true,
      });
      // The business's own coordinates and salt: the flag was issued for its refId, not another.
      expect(result.refKeyCheck).toEqual({
        chainId: stack.stackInfo.chainId,
        registry: stack.stackInfo.registryAddress,
        serviceId: registration.serviceId,
        issuedFor: { own: true, otherRefId: false },
      });
    }, 300_000);
  });
});
