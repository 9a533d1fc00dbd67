import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Contract, JsonRpcProvider } from "ethers";
import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import type { IntakeCertificatesBody } from "../../../lambdas/shared/intake-schemas.js";
import { IntakeClient } from "../../../scripts/demo/intake-client.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { startLocalStack, type LocalStack } from "../../../scripts/local/local-stack.js";
import { createStackLog } from "../../../scripts/local/stack-log.js";
import { assertPortFree } from "../../../scripts/lib/ports.js";
import { lambdaClientFor, lambdaInvoker } from "../../../scripts/ops/function-invoker.js";
import { resolveInvokeTarget } from "../../../scripts/ops/invoke-target.js";
import { resolveOperator, stsCallerIdentity } from "../../../scripts/ops/operator-identity.js";
import { EXIT, runCli } from "../../../scripts/ops/run-cli.js";
import { waitUntil } from "../../support/wait-until.js";

/**
 * Issue 16 item 2: `npm start` supervises its Hardhat node. The real local stack runs in this process;
 * its node (a child process) is killed with SIGKILL, as a crash or an OOM kill would, and the operator
 * follows docs/chain-operations.md: read the log, run `chain resync`, and the flags come back once.
 */
const CLIENT_ID = "supervised";
const OPERATOR = "supervision-test";
const WALLETS = [
  "0x5000000000000000000000000000000000000001",
  "0x5000000000000000000000000000000000000002",
  "0x5000000000000000000000000000000000000003",
] as const;
const clearCertificates: IntakeCertificatesBody["certificates"] = [
  { name: "identity-document", status: "CLEAR", checks: [] },
  { name: "selfie", status: "CLEAR", checks: [] },
  { name: "aml", status: "CLEAR", checks: [], aml: { hits: [] } },
];

const workDir = join(tmpdir(), `kyc-attest-supervision-${process.pid}`);
const stackFile = join(workDir, "stack.json");
const logLines: string[] = [];
let stack: LocalStack;
let provider: JsonRpcProvider;
let registry: Contract;
let profiles: DynamoDbProfileRepository;
let closeProfiles: () => void;

/** The Hardhat node processes this process runs (pid), found the way an operator would, with `ps`. */
function hardhatNodePids(): number[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /hardhat\/dist\/src\/cli\.js node /.test(line))
    .map((line) => Number(line.split(" ")[0]));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One CLI command line run in-process, as `npm run ops -- …` runs it against the local stack. */
async function opsJson<T>(...args: string[]): Promise<T> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    [...args, "--json"],
    {
      resolveTarget: (choice) => resolveInvokeTarget(choice, stackFile),
      invokerFor: (target) => lambdaInvoker(lambdaClientFor(target), target),
      operatorFor: (target) => resolveOperator(target, process.env, stsCallerIdentity),
    },
    { out: (text) => out.push(text), err: (text) => err.push(text) },
  );
  if (code !== EXIT.ok) throw new Error(`ops ${args.join(" ")} failed (${code}): ${err.join("\n")}`);
  return JSON.parse(out.join("\n")) as T;
}

interface ChainStatus {
  chainNonce: number;
  nextNonce: number;
  nonceGap: unknown;
  pending: unknown[];
}
const chainStatus = async () => (await opsJson<{ result: ChainStatus }>("chain", "status")).result;

const isVerified = (serviceId: bigint, wallet: string) =>
  registry.getFunction("isVerified")(serviceId, wallet) as Promise<boolean>;

/** `Attested` events per wallet on the chain the node holds now. */
async function attestedCounts(): Promise<Map<string, number>> {
  const logs = await provider.getLogs({
    address: stack.stackInfo.registryAddress,
    fromBlock: 0,
    toBlock: "latest",
  });
  const counts = new Map<string, number>();
  for (const log of logs) {
    const parsed = registry.interface.parseLog(log);
    if (parsed?.name !== "Attested") continue;
    const wallet = (parsed.args.wallet as string).toLowerCase();
    counts.set(wallet, (counts.get(wallet) ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  process.env.OPERATOR = OPERATOR;
  stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
    stackFile,
    deploymentId: `local-supervision-${process.pid}`,
    log: createStackLog("text", (line) => logLines.push(line)),
    handlerLogLevel: "ERROR",
  });
  provider = new JsonRpcProvider(stack.stackInfo.rpcUrl, stack.stackInfo.chainId, { staticNetwork: true });
  registry = new Contract(stack.stackInfo.registryAddress, KYC_REGISTRY_ABI, provider);
  const client = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  profiles = new DynamoDbProfileRepository(client, stack.resources.tables.main!);
  closeProfiles = () => client.destroy();
}, 120_000);

afterAll(async () => {
  closeProfiles?.();
  provider?.destroy();
  await stack?.stop();
  delete process.env.OPERATOR;
  await rm(workDir, { recursive: true, force: true });
}, 60_000);

describe("npm start supervises its Hardhat node", () => {
  let serviceId: bigint;
  let killedPid: number;
  let restartedPid: number;

  it("onboards a managed service and puts its approved wallets on chain", async () => {
    const created = await opsJson<{ service: { onchainServiceId: string } }>(
      "service",
      "create",
      "--client-id",
      CLIENT_ID,
      "--name",
      "Supervised",
      "--plan",
      "managed",
      "--policy",
      "standard",
    );
    serviceId = BigInt(created.service.onchainServiceId);
    // The stack's own registry service is 1: the onboarded one comes after it.
    expect(serviceId).toBe(stack.chain.serviceId + 1n);
    const key = await opsJson<{ apiKey: string }>(
      "key",
      "create",
      "--client-id",
      CLIENT_ID,
      "--scope",
      "intake",
    );
    const intake = new IntakeClient(stack.stackInfo.apiUrl, key.apiKey, CLIENT_ID);
    for (const [i, wallet] of WALLETS.entries()) {
      const refId = `user-${i}`;
      const submitted = await intake.submitProfile({
        refId,
        wallet,
        identity: { givenName: "Ana", familyName: `Tester${"abc"[i]}`, dob: "1990-04-01", nationality: "PT" },
        documents: [{ type: "passport", number: `SUP-${i}`, country: "PT" }],
      });
      expect(submitted.statusCode).toBe(201);
      expect((await intake.submitCertificates(refId, clearCertificates)).statusCode).toBe(200);
    }
    await waitUntil(
      "every profile to be approved",
      async () =>
        (await Promise.all(WALLETS.map((_, i) => profiles.get(CLIENT_ID, `user-${i}`)))).every(
          (profile) => profile?.status === "approved",
        ),
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    // The outbox relay runs every minute: drained now, as the demo does.
    expect((await stack.functions.invoke("outbox-publisher", { action: "drain" })).status).toBe("ok");
    await waitUntil(
      "every approved wallet to be flagged on chain",
      async () => (await Promise.all(WALLETS.map((wallet) => isVerified(serviceId, wallet)))).every(Boolean),
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    // Steady state: the pipeline has seen its transaction confirmed (a pending one would simply be
    // re-broadcast to the new node with its stored bytes, and land there: no gap to recover from).
    await waitUntil(
      "the pipeline to confirm its transactions",
      async () => (await chainStatus()).pending.length === 0,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }, 60_000);

  it("says plainly that the node died, restarts it on the same URL with the registry at the same address and the services back", async () => {
    const before = hardhatNodePids();
    expect(before).toHaveLength(1);
    killedPid = before[0]!;
    const registryCode = await provider.getCode(stack.stackInfo.registryAddress);
    const killedAt = Date.now();
    process.kill(killedPid, "SIGKILL");

    await waitUntil(
      "the stack to report the node back",
      async () => logLines.some((line) => line.includes("the Hardhat node is back")),
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    const restartMs = Date.now() - killedAt;
    const after = hardhatNodePids();
    expect(after).toHaveLength(1);
    restartedPid = after[0]!;
    expect(restartedPid).not.toBe(killedPid);
    expect(isRunning(killedPid)).toBe(false);
    const said = logLines.filter((line) => line.includes("Hardhat node"));
    expect(said).toEqual([
      expect.stringMatching(
        new RegExp(
          `the Hardhat node died \\(pid ${killedPid}, killed by SIGKILL\\); restarting it with an empty chain$`,
        ),
      ),
      expect.stringContaining(`the Hardhat node is back on ${stack.stackInfo.rpcUrl} (pid ${restartedPid}, `),
    ]);
    expect(said[1]).toContain(
      `with the registry at ${stack.stackInfo.registryAddress} (2 registry services re-created)`,
    );
    expect(said[1]).toContain("run `npm run ops -- chain resync`");

    // The same RPC URL answers, with the same registry code at the same address, and an empty history.
    expect(await provider.getCode(stack.stackInfo.registryAddress)).toBe(registryCode);
    expect(await provider.getTransactionCount(stack.stackInfo.attesterAddress, "latest")).toBe(0);
    for (const id of [stack.chain.serviceId, serviceId]) {
      expect(await registry.getFunction("isAttester")(id, stack.stackInfo.attesterAddress)).toBe(true);
    }
    expect(await registry.getFunction("isAttester")(serviceId + 1n, stack.stackInfo.attesterAddress)).toBe(
      false,
    );
    // Nothing of the old chain is left: the flags are gone until the recovery.
    for (const wallet of WALLETS) expect(await isVerified(serviceId, wallet)).toBe(false);
    console.info(`node killed → back with the registry: ${restartMs} ms`);
  }, 90_000);

  it("recovers every flag exactly once with the documented `chain resync`", async () => {
    const startedAt = Date.now();
    const resync = await opsJson<{
      result: { fromNonce: number; toNonce: number; voidedTransactions: number };
    }>("chain", "resync");
    expect(resync.result).toMatchObject({ toNonce: 0 });
    expect(resync.result.fromNonce).toBeGreaterThan(0);
    expect(resync.result.voidedTransactions).toBe(resync.result.fromNonce);

    await waitUntil(
      "every approved wallet to be flagged on the new chain",
      async () => (await Promise.all(WALLETS.map((wallet) => isVerified(serviceId, wallet)))).every(Boolean),
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const recoveredMs = Date.now() - startedAt;
    const counts = await attestedCounts();
    for (const wallet of WALLETS) expect(counts.get(wallet.toLowerCase())).toBe(1);
    expect([...counts.keys()].sort()).toEqual(WALLETS.map((wallet) => wallet.toLowerCase()).sort());
    // The pipeline and the chain agree again: no gap, nothing pending.
    await waitUntil(
      "the pipeline to confirm the repairs",
      async () => (await chainStatus()).pending.length === 0,
      {
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    const status = await chainStatus();
    expect(status).toMatchObject({ nonceGap: null, pending: [] });
    expect(status.chainNonce).toBe(status.nextNonce);
    console.info(`chain resync → every flag back: ${recoveredMs} ms`);
  }, 60_000);

  it("stops cleanly while the node is being restarted: no child process left behind", async () => {
    expect(isRunning(restartedPid)).toBe(true);
    process.kill(restartedPid, "SIGKILL");
    let spawnedPid = 0;
    await waitUntil(
      "the supervisor to spawn the next node",
      async () => {
        spawnedPid = hardhatNodePids().find((pid) => pid !== restartedPid) ?? 0;
        return spawnedPid !== 0;
      },
      { timeoutMs: 20_000, intervalMs: 10 },
    );
    const restartsDone = logLines.filter((line) => line.includes("the Hardhat node is back")).length;
    await stack.stop();
    expect(isRunning(restartedPid)).toBe(false);
    expect(isRunning(spawnedPid)).toBe(false);
    expect(hardhatNodePids()).toEqual([]);
    // The second death is reported; the restart it began is dropped quietly, not reported as failed.
    expect(logLines.filter((line) => line.includes("the Hardhat node died"))).toHaveLength(2);
    expect(logLines.filter((line) => line.includes("the Hardhat node is back"))).toHaveLength(restartsDone);
    expect(logLines.filter((line) => line.includes("could not restart"))).toEqual([]);
    await assertPortFree(Number(new URL(stack.stackInfo.rpcUrl).port), "the Hardhat node");
  }, 60_000);
});
