import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Contract, JsonRpcProvider } from "ethers";
import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import type { Profile } from "../../lambdas/domain/profile.js";
import type { IntakeCertificatesBody } from "../../lambdas/shared/intake-schemas.js";
import { createDemoTenant, type DemoTenant } from "../../scripts/demo/demo-tenant.js";
import { IntakeClient } from "../../scripts/demo/intake-client.js";
import { localClientConfig } from "../../scripts/local/local-aws.js";
import { startLocalStack, type LocalStack } from "../../scripts/local/local-stack.js";
import { createStackLog } from "../../scripts/local/stack-log.js";
import { assertPortFree } from "../../scripts/lib/ports.js";
import { waitFor } from "../../scripts/lib/wait-for.js";

/** Processes this process started (minus the `ps` asking). */
function childProcesses(): string[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^\d+ ps /.test(line));
}

type Certificates = IntakeCertificatesBody["certificates"];
const WALLET = {
  clear: "0x1111111111111111111111111111111111111111",
  rejected: "0x2222222222222222222222222222222222222222",
  duplicate: "0x3333333333333333333333333333333333333333",
} as const;
const clearCertificates: Certificates = [
  { name: "identity-document", status: "CLEAR", checks: [] },
  { name: "selfie", status: "CLEAR", checks: [] },
  { name: "aml", status: "CLEAR", checks: [], aml: { hits: [] } },
];
const applicant = (refId: string, wallet: string, passport: string) => ({
  refId,
  wallet,
  identity: {
    givenName: "Ana",
    familyName: `Tester-${refId.replace(/[^a-z]/g, "")}`,
    dob: "1990-04-01",
    nationality: "PT",
    email: `${refId}@example.com`,
  },
  documents: [{ type: "passport" as const, number: passport, country: "PT" }],
});

describe("the local stack, end to end (npm start -- --no-demo)", () => {
  const stackFile = join(tmpdir(), `kyc-attest-e2e-${process.pid}`, "stack.json");
  const logLines: string[] = [];
  const childrenBefore = childProcesses();
  let stack: LocalStack;
  let tenant: DemoTenant;
  let intake: IntakeClient;
  let profiles: DynamoDbProfileRepository;
  let closeProfiles: () => void;

  beforeAll(async () => {
    stack = await startLocalStack({
      ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
      stackFile,
      deploymentId: `local-e2e-${process.pid}`,
      log: createStackLog("text", (line) => logLines.push(line)),
      handlerLogLevel: "ERROR",
    });
    tenant = await createDemoTenant({
      dynamodbEndpoint: stack.stackInfo.dynamodbEndpoint,
      lambdaEndpoint: stack.stackInfo.lambdaEndpoint,
      tableName: stack.resources.tables.main!,
      clientId: "e2e-exchange",
      name: "E2E Exchange",
      plan: "managed",
      onchainServiceId: stack.chain.serviceId.toString(),
    });
    intake = new IntakeClient(stack.stackInfo.apiUrl, tenant.intakeKey, tenant.clientId);
    const client = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
    profiles = new DynamoDbProfileRepository(client, stack.resources.tables.main!);
    closeProfiles = () => client.destroy();
  }, 300_000);

  afterAll(async () => {
    closeProfiles?.();
    await stack?.stop();
    await rm(join(tmpdir(), `kyc-attest-e2e-${process.pid}`), { recursive: true, force: true });
  }, 60_000);

  const submit = async (
    refId: string,
    wallet: string,
    passport: string,
    certificates = clearCertificates,
  ) => {
    const created = await intake.submitProfile(applicant(refId, wallet, passport));
    expect(created.statusCode).toBe(201);
    const completed = await intake.submitCertificates(refId, certificates);
    expect(completed).toMatchObject({
      statusCode: 200,
      body: { status: "success", data: { status: "waiting" } },
    });
  };
  /** Waits until the profile reaches `status` (decisions and deduplication are asynchronous). */
  const eventually = (refId: string, status: Profile["status"]): Promise<Profile> =>
    waitFor(
      `${refId} to become ${status}`,
      async () => {
        const profile = await profiles.get(tenant.clientId, refId);
        return profile?.status === status ? profile : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );

  it("writes the stack file with every endpoint, the chain and the registry", async () => {
    const written = JSON.parse(await readFile(stackFile, "utf8")) as Record<string, unknown>;
    expect(written).toEqual(stack.stackInfo);
    expect(Object.keys(written)).toEqual(
      expect.arrayContaining([
        "apiUrl",
        "lambdaEndpoint",
        "rpcUrl",
        "chainId",
        "registryAddress",
        "dynamodbEndpoint",
        "sqsEndpoint",
        "s3Endpoint",
        "smtpUrl",
        "mailUrl",
      ]),
    );
    expect(written.chainId).toBe(31337);
    const code = await fetch(stack.stackInfo.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getCode",
        params: [written.registryAddress, "latest"],
      }),
    }).then((response) => response.json() as Promise<{ result: string }>);
    expect(code.result.length).toBeGreaterThan(2);
  });

  it("takes profiles over HTTP and lets the bots decide them through the review queue", async () => {
    await submit("clear-1", WALLET.clear, "PA 100-200");
    await submit("blurry-1", WALLET.rejected, "PB300400", [
      { name: "identity-document", status: "CONSIDER", checks: [{ code: "DOC_IMAGE_QUALITY" }] },
      clearCertificates[1]!,
      clearCertificates[2]!,
    ]);
    await eventually("clear-1", "approved");
    await eventually("blurry-1", "rejected");
    expect(logLines).toContainEqual(
      expect.stringMatching(/POST \/intake\/1\.0\/e2e-exchange\/profiles → 201 intake-profile/),
    );
    // One line per SQS batch, written once the batch's messages are deleted.
    await waitFor("the review-bot batch log line", async () =>
      logLines.some((line) => /review-bot ← kyc-attest-local-review: \d+ record\(s\) → \d+ ok/.test(line)),
    );
  }, 120_000);

  it("blocks a later profile holding the same passport (real-time deduplication)", async () => {
    await submit("dup-1", WALLET.duplicate, "pa100200");
    await eventually("dup-1", "blocked");
    const audit = await profiles.listAudit(tenant.clientId, "dup-1");
    expect(audit.at(-1)).toMatchObject({
      to: "blocked",
      reasonCodes: ["DUPLICATE"],
      originalRefId: "clear-1",
    });
    expect((await profiles.get(tenant.clientId, "clear-1"))?.status).toBe("approved");
  }, 120_000);

  it("runs the dedup sweep through the Lambda Invoke API, as the operator CLI does", async () => {
    const lambda = new LambdaClient({ ...localClientConfig(stack.stackInfo.lambdaEndpoint), maxAttempts: 1 });
    try {
      const answer = await lambda.send(
        new InvokeCommand({
          FunctionName: "dedup-sweep",
          Payload: new TextEncoder().encode(
            JSON.stringify({ "detail-type": "Scheduled Event", id: "e2e", time: new Date().toISOString() }),
          ),
        }),
      );
      expect(answer.FunctionError).toBeUndefined();
      const result = JSON.parse(new TextDecoder().decode(answer.Payload)) as {
        status: string;
        services: { clientId: string; blocked: number }[];
      };
      expect(result.status).toBe("completed");
      // Real-time deduplication already blocked the duplicate: the safety net finds nothing left.
      expect(result.services).toContainEqual(
        expect.objectContaining({ clientId: tenant.clientId, blocked: 0 }),
      );
    } finally {
      lambda.destroy();
    }
  }, 120_000);

  it("puts approved wallets on-chain through the outbox, the chain FIFO queue and the attester", async () => {
    const provider = new JsonRpcProvider(stack.stackInfo.rpcUrl, stack.stackInfo.chainId, {
      staticNetwork: true,
    });
    const registry = new Contract(stack.stackInfo.registryAddress, KYC_REGISTRY_ABI, provider);
    const sqs = new SQSClient(localClientConfig(stack.stackInfo.sqsEndpoint));
    const isVerified = (wallet: string) =>
      registry.getFunction("isVerified")(stack.chain.serviceId, wallet) as Promise<boolean>;
    try {
      const relayed = await stack.functions.invoke("outbox-publisher", { action: "drain" });
      expect(relayed.status).toBe("ok");
      expect(relayed.status === "ok" && (relayed.payload as { published: number }).published).toBeGreaterThan(
        0,
      );
      // Everything relayed is applied once the attester has emptied the queue (one log line per batch,
      // written once its messages are deleted).
      await waitFor(
        "the attester to empty the chain queue",
        async () => {
          const { Attributes } = await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: stack.resources.queues.chain!.url,
              AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            }),
          );
          return (
            Attributes?.ApproximateNumberOfMessages === "0" &&
            Attributes.ApproximateNumberOfMessagesNotVisible === "0" &&
            logLines.some((line) =>
              /attester ← kyc-attest-local-chain\.fifo: \d+ record\(s\) → \d+ ok/.test(line),
            )
          );
        },
        { timeoutMs: 60_000 },
      );
      expect(await isVerified(WALLET.clear)).toBe(true);
      // Approved, then blocked as a duplicate: its approval does not stay on-chain.
      expect(await isVerified(WALLET.duplicate)).toBe(false);
      expect(await isVerified(WALLET.rejected)).toBe(false);
    } finally {
      provider.destroy();
      sqs.destroy();
    }
  }, 120_000);

  it("e-mails the users their decisions through the notifier, caught by the local mailbox", async () => {
    // The scheduled relay runs every minute; drained now, as the demo does.
    const relayed = await stack.functions.invoke("notification-publisher", { action: "drain" });
    expect(relayed.status).toBe("ok");
    const mailTo = async (address: string) => {
      const response = await fetch(`${stack.stackInfo.mailUrl}?to=${encodeURIComponent(address)}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { messages: { event: string; text: string }[] }).messages;
    };
    const approved = await waitFor("the approval e-mail", async () => {
      const messages = await mailTo("clear-1@example.com");
      return messages.length > 0 ? messages : undefined;
    });
    expect(approved).toEqual([
      expect.objectContaining({ event: "approved", text: expect.stringContaining("Hello Ana") }),
    ]);
    const rejected = await waitFor("the rejection e-mail", async () => {
      const messages = await mailTo("blurry-1@example.com");
      return messages.length > 0 ? messages : undefined;
    });
    // A managed plan: general advice, not the exact reason.
    expect(rejected[0]).toMatchObject({
      event: "rejected",
      text: expect.stringContaining("Check your identity document"),
    });
    expect(stack.mailbox.messages().length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it("refuses requests without a valid intake key for the service", async () => {
    const anonymous = await fetch(`${stack.stackInfo.apiUrl}/intake/1.0/${tenant.clientId}/profiles`, {
      method: "POST",
      body: "{}",
    });
    expect(anonymous.status).toBe(401);
    const wrongKey = new IntakeClient(stack.stackInfo.apiUrl, "kya_aaaaaaaaaaaaaaaa_wrong", tenant.clientId);
    expect(
      (await wrongKey.submitProfile(applicant("x", "0x4444444444444444444444444444444444444444", "X1")))
        .statusCode,
    ).toBe(401);
    const otherService = new IntakeClient(stack.stackInfo.apiUrl, tenant.intakeKey, "someone-else");
    expect(
      (await otherService.submitProfile(applicant("x", "0x4444444444444444444444444444444444444444", "X1")))
        .statusCode,
    ).toBe(403);
  }, 60_000);

  it("answers 415 to a body sent as anything but JSON, through the local API", async () => {
    const url = `${stack.stackInfo.apiUrl}/intake/1.0/${tenant.clientId}/profiles`;
    const body = JSON.stringify(applicant("form", "0x5555555555555555555555555555555555555555", "F1"));
    for (const contentType of ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded"]) {
      const answer = await fetch(url, {
        method: "POST",
        headers: { Authorization: tenant.intakeKey, "Content-Type": contentType },
        body,
      });
      expect(answer.status).toBe(415);
      expect(await answer.json()).toMatchObject({ status: "error", code: 415 });
    }
  }, 60_000);

  it("stops every server and child process and removes the stack file", async () => {
    expect(childProcesses().length).toBeGreaterThan(childrenBefore.length);
    await stack.stop();
    expect(childProcesses()).toEqual(childrenBefore);
    await expect(readFile(stackFile, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
    const { apiUrl, lambdaEndpoint, rpcUrl, dynamodbEndpoint, sqsEndpoint } = stack.stackInfo;
    for (const url of [apiUrl, lambdaEndpoint, rpcUrl, dynamodbEndpoint, sqsEndpoint]) {
      await assertPortFree(Number(new URL(url).port), url);
    }
  }, 60_000);
});
