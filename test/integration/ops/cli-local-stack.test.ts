import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Contract, JsonRpcProvider } from "ethers";
import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { WebhookSigner } from "../../../lambdas/adapters/webhooks/webhook-signer.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { IntakeClient } from "../../../scripts/demo/intake-client.js";
import { localClientConfig } from "../../../scripts/local/local-aws.js";
import { startLocalStack, type LocalStack } from "../../../scripts/local/local-stack.js";
import { formatCurlExamples, TRY_IT_CLIENT_ID } from "../../../scripts/local/stack-banner.js";
import { createStackLog } from "../../../scripts/local/stack-log.js";
import { waitFor } from "../../../scripts/lib/wait-for.js";
import { lambdaClientFor, lambdaInvoker } from "../../../scripts/ops/function-invoker.js";
import { resolveInvokeTarget } from "../../../scripts/ops/invoke-target.js";
import { resolveOperator, stsCallerIdentity } from "../../../scripts/ops/operator-identity.js";
import { EXIT, runCli } from "../../../scripts/ops/run-cli.js";

const OPERATOR = "e2e-operator";
const CLIENT_ID = "ops-e2e";

const workDir = join(tmpdir(), `kyc-attest-ops-e2e-${process.pid}`);
const stackFile = join(workDir, "stack.json");
const logLines: string[] = [];
let stack: LocalStack;
let profiles: DynamoDbProfileRepository;
let closeProfiles: () => void;

/** Runs one CLI command line in-process, the way `npm run ops` does, and answers its exit code and output. */
async function ops(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    {
      resolveTarget: (choice) => resolveInvokeTarget(choice, stackFile),
      invokerFor: (target) => lambdaInvoker(lambdaClientFor(target), target),
      operatorFor: (target) => resolveOperator(target, process.env, stsCallerIdentity),
    },
    { out: (text) => out.push(text), err: (text) => err.push(text) },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function opsJson<T>(...args: string[]): Promise<T> {
  const result = await ops(...args, "--json");
  if (result.code !== EXIT.ok) throw new Error(`ops ${args.join(" ")} failed: ${result.err}`);
  return JSON.parse(result.out) as T;
}

const eventually = (refId: string, status: Profile["status"]): Promise<Profile> =>
  waitFor(
    `${refId} to become ${status}`,
    async () => {
      const profile = await profiles.get(CLIENT_ID, refId);
      return profile?.status === status ? profile : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );

beforeAll(async () => {
  process.env.OPERATOR = OPERATOR;
  stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
    stackFile,
    deploymentId: `local-ops-e2e-${process.pid}`,
    log: createStackLog("text", (line) => logLines.push(line)),
    handlerLogLevel: "ERROR",
  });
  const client = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  profiles = new DynamoDbProfileRepository(client, stack.resources.tables.main!);
  closeProfiles = () => client.destroy();
}, 300_000);

afterAll(async () => {
  closeProfiles?.();
  await stack?.stop();
  delete process.env.OPERATOR;
  await rm(workDir, { recursive: true, force: true });
}, 60_000);

describe("the operator CLI against the local stack's Lambda Invoke endpoint", () => {
  let serviceId: string;
  let intakeKey: string;

  it("creates a managed service registered on the registry with the pipeline's attester", async () => {
    const created = await opsJson<{
      service: { onchainServiceId: string };
      registration: { serviceId: string };
    }>(
      "service",
      "create",
      "--client-id",
      CLIENT_ID,
      "--name",
      "Ops E2E",
      "--plan",
      "managed",
      "--policy",
      "standard",
    );
    serviceId = created.service.onchainServiceId;
    expect(created.registration.serviceId).toBe(serviceId);
    expect(BigInt(serviceId)).toBeGreaterThan(stack.chain.serviceId);
    const provider = new JsonRpcProvider(stack.stackInfo.rpcUrl, undefined, { staticNetwork: true });
    try {
      const registry = new Contract(stack.stackInfo.registryAddress, KYC_REGISTRY_ABI, provider);
      expect(await registry.getFunction("isAttester")(BigInt(serviceId), stack.chain.attester.address)).toBe(
        true,
      );
    } finally {
      provider.destroy();
    }
    const shown = await ops("service", "show", "--client-id", CLIENT_ID);
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.out).toContain(`on-chain serviceId: ${serviceId}`);
  });

  it("issues, lists and revokes API keys through ops-api-keys", async () => {
    const issued = await opsJson<{ apiKey: string; key: { keyId: string; createdBy: string } }>(
      "key",
      "create",
      "--client-id",
      CLIENT_ID,
      "--scope",
      "intake",
    );
    intakeKey = issued.apiKey;
    expect(issued.key.createdBy).toBe(OPERATOR);
    const spare = await opsJson<{ key: { keyId: string } }>(
      "key",
      "create",
      "--client-id",
      CLIENT_ID,
      "--scope",
      "status",
    );
    const revoked = await opsJson<{ key: { state: string } }>(
      "key",
      "revoke",
      "--client-id",
      CLIENT_ID,
      "--key-id",
      spare.key.keyId,
    );
    expect(revoked.key.state).toBe("revoked");
    const listed = await ops("key", "list", "--client-id", CLIENT_ID);
    expect(listed.out).toContain(issued.key.keyId);
    expect(listed.out).not.toContain(intakeKey);
  });

  it("shows the service's operator audit trail: creation, registration and key changes, by whom", async () => {
    const shown = await opsJson<{ audit: { action: string; actor: { id: string } }[] }>(
      "service",
      "show",
      "--client-id",
      CLIENT_ID,
    );
    expect(shown.audit.map(({ action, actor }) => `${action} ${actor.id}`)).toEqual([
      `SERVICE_CREATED ${OPERATOR}`,
      `SERVICE_REGISTERED ${OPERATOR}`,
      `API_KEY_CREATED ${OPERATOR}`,
      `API_KEY_CREATED ${OPERATOR}`,
      `API_KEY_REVOKED ${OPERATOR}`,
    ]);
    expect((await ops("service", "show", "--client-id", CLIENT_ID)).out).toMatch(
      new RegExp(`API_KEY_REVOKED\\s+${OPERATOR}\\s+keyId=`),
    );
  });

  it("prints a webhook service's signing secret at creation and again on request, the one deliveries use", async () => {
    const created = await ops(
      "service",
      "create",
      "--client-id",
      "ops-hooks",
      "--name",
      "Hooks",
      "--plan",
      "payg",
      "--webhook-url",
      "https://hooks.example.org/kyc",
    );
    expect(created.code).toBe(EXIT.ok);
    // The local stack gives webhook-delivery and ops-service the same signing key.
    const secret = WebhookSigner.fromSecret(process.env.WEBHOOK_SIGNING_KEY).secretFor("ops-hooks");
    expect(created.out).toContain(`  ${secret}`);
    // New services get Blockpass's bare hex digest.
    expect(created.out).toContain("X-Hub-Signature: <hex HMAC-SHA-256");
    const again = await ops("service", "webhook-secret", "--client-id", "ops-hooks");
    expect(again.out).toContain(`  ${secret}`);
    const refused = await ops("service", "webhook-secret", "--client-id", CLIENT_ID);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.err).toContain("has no webhook URL");
    const shown = await opsJson<{ audit: { action: string }[] }>(
      "service",
      "show",
      "--client-id",
      "ops-hooks",
    );
    expect(shown.audit.map(({ action }) => action)).toEqual([
      "SERVICE_CREATED",
      "WEBHOOK_SECRET_ISSUED",
      "WEBHOOK_SECRET_ISSUED",
    ]);
  });

  it("remediates a bot block after a false-positive audit, then erases the user on request", async () => {
    const intake = new IntakeClient(stack.stackInfo.apiUrl, intakeKey, CLIENT_ID);
    const submitted = await intake.submitProfile({
      refId: "fp-user",
      wallet: "0x4444444444444444444444444444444444444444",
      identity: { givenName: "Ana", familyName: "Tester", dob: "1990-04-01", nationality: "PT" },
      documents: [{ type: "passport", number: "OPS-E2E-1", country: "PT" }],
    });
    expect(submitted.statusCode).toBe(201);
    await intake.submitCertificates("fp-user", [
      { name: "identity-document", status: "CLEAR", checks: [] },
      { name: "selfie", status: "CLEAR", checks: [] },
      {
        name: "aml",
        status: "CONSIDER",
        checks: [{ code: "AML_POTENTIAL_MATCH" }],
        aml: { hits: [{ name: "Ana Tester", dob: "1990-04-01", country: "PT", categories: ["sanctions"] }] },
      },
    ]);
    await eventually("fp-user", "blocked");

    const blocked = await opsJson<{ records: { refId: string }[] }>(
      "profile",
      "list",
      "--client-id",
      CLIENT_ID,
      "--status",
      "blocked",
    );
    expect(blocked.records.map((r) => r.refId)).toEqual(["fp-user"]);
    const shown = await ops("profile", "show", "--client-id", CLIENT_ID, "--ref-id", "fp-user");
    expect(shown.out).toContain("familyName: Tester");
    expect(shown.out).toMatch(/bot:advanced-kyc-bot/);
    const view = await opsJson<{ profile: { statusReasonCodes: string[]; amlEvidence: unknown[] } }>(
      "profile",
      "show",
      "--client-id",
      CLIENT_ID,
      "--ref-id",
      "fp-user",
    );
    expect(view.profile.amlEvidence).not.toEqual([]);
    const [reasonCode] = view.profile.statusReasonCodes;
    // The blocked queue, filtered by the bot's reason code, holds it with the version to act on.
    const queue = await opsJson<{
      counts: { blocked: number };
      records: { refId: string; version: number }[];
    }>("profile", "queue", "--client-id", CLIENT_ID, "--status", "blocked", "--reason", reasonCode ?? "none");
    expect(queue.counts.blocked).toBe(1);
    expect(queue.records.map((r) => r.refId)).toEqual(["fp-user"]);
    const readVersion = String(queue.records[0]?.version);

    const act = await ops(
      "profile",
      "act",
      "--client-id",
      CLIENT_ID,
      "--ref-id",
      "fp-user",
      "--action",
      "unblock",
      "--reason",
      "sanctions entry is a namesake: different place of birth",
      "--expected-version",
      readVersion,
    );
    expect(act).toMatchObject({ code: EXIT.ok });
    // A second decision made on the same read is refused, naming who changed the profile.
    const stale = await ops(
      "profile",
      "act",
      "--client-id",
      CLIENT_ID,
      "--ref-id",
      "fp-user",
      "--action",
      "reject",
      "--reason",
      "second look",
      "--expected-version",
      readVersion,
    );
    expect(stale.code).toBe(EXIT.failed);
    expect(stale.err).toMatch(
      new RegExp(
        `^Error \\(409\\): the profile was changed by operator:${OPERATOR} at .* now approved\\): reload it`,
      ),
    );
    expect(act.out).toContain(`fp-user: blocked -> approved by operator:${OPERATOR}`);
    const audit = await profiles.listAudit(CLIENT_ID, "fp-user");
    expect(audit.at(-1)).toMatchObject({
      actor: { kind: "operator", id: OPERATOR },
      note: "sanctions entry is a namesake: different place of birth",
    });

    const erased = await ops("profile", "erase", "--client-id", CLIENT_ID, "--ref-id", "fp-user");
    expect(erased.out).toBe("fp-user: personal data erased; on-chain flag revocation queued.");
    const gone = await ops("profile", "show", "--client-id", CLIENT_ID, "--ref-id", "fp-user");
    expect(gone).toMatchObject({ code: EXIT.failed, err: "Error (404): Profile not found" });
  });

  it("refuses operators on a payg service with a clear error", async () => {
    expect(
      (await ops("service", "create", "--client-id", "ops-payg", "--name", "Shop", "--plan", "payg")).code,
    ).toBe(EXIT.ok);
    const refused = await ops("profile", "list", "--client-id", "ops-payg");
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.err).toMatch(
      /^Error \(403\): Operators have no access to service ops-payg on the payg plan/,
    );
  });

  it("runs jobs with the operator's clock", async () => {
    const dedup = await opsJson<{ functionName: string; now: string; result: { status: string } }>(
      "job",
      "run",
      "dedup",
      "--now",
      "2026-06-01T00:00:00Z",
    );
    expect(dedup).toMatchObject({ functionName: "dedup-sweep", now: "2026-06-01T00:00:00Z" });
    expect(dedup.result.status).toBe("completed");
    const archive = await opsJson<{ functionName: string; result: { status: string } }>(
      "job",
      "run",
      "archive",
      "--client-id",
      CLIENT_ID,
      "--now",
      "2026-06-01T00:00:00Z",
    );
    expect(archive).toMatchObject({ functionName: "archive-job", result: { status: "completed" } });
    const bad = await ops("job", "run", "dedup", "--client-id", CLIENT_ID);
    expect(bad).toMatchObject({ code: EXIT.failed });
    expect(bad.err).toContain("--client-id is not supported");
  });

  it("works as a separate process (the npm script's entry point)", async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      "node_modules/.bin/tsx",
      [
        "scripts/ops/cli.ts",
        "service",
        "show",
        "--client-id",
        CLIENT_ID,
        "--endpoint",
        stack.stackInfo.lambdaEndpoint,
      ],
      { cwd: process.cwd(), env: { ...process.env, NODE_OPTIONS: "" } },
    );
    expect(stdout).toContain(`Service ${CLIENT_ID} (Ops E2E)`);
    await expect(
      run(
        "node_modules/.bin/tsx",
        [
          "scripts/ops/cli.ts",
          "profile",
          "show",
          "--client-id",
          CLIENT_ID,
          "--ref-id",
          "nobody",
          "--endpoint",
          stack.stackInfo.lambdaEndpoint,
        ],
        { cwd: process.cwd(), env: { ...process.env, NODE_OPTIONS: "" } },
      ),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("Error (404): Profile not found") });
  }, 60_000);

  it("the start banner's Try-it commands work as pasted, with nothing filled in by hand", async () => {
    const banner = formatCurlExamples(stack.stackInfo);
    expect(banner).not.toMatch(/<[a-zA-Z ]+>/);
    const script = banner
      .split("\n")
      .slice(1)
      .map((line) => line.replace(/^ {2}/, ""))
      .filter((line) => line !== "" && !line.startsWith("#"))
      .join("\n");
    const { stdout } = await promisify(execFile)("bash", ["-e", "-o", "pipefail", "-c", script], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_OPTIONS: "" },
      maxBuffer: 16 * 1024 * 1024,
    });
    // The status API answered the profile the commands submitted, with a status key they created.
    expect(stdout).toMatch(/"refId":"curl-user-1"/);
    expect(await profiles.get(TRY_IT_CLIENT_ID, "curl-user-1")).toMatchObject({
      identity: { nationality: "PT" },
    });
  }, 120_000);
});
