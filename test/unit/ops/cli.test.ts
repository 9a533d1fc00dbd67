import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { parseCommandLine } from "../../../scripts/ops/command-line.js";
import { OperatorCommandError, UsageError } from "../../../scripts/ops/errors.js";
import { dataOf, lambdaInvoker, NO_LOCAL_STACK_HINT } from "../../../scripts/ops/function-invoker.js";
import {
  functionNameAt,
  resolveInvokeTarget,
  type InvokeTarget,
} from "../../../scripts/ops/invoke-target.js";
import { resolveOperator } from "../../../scripts/ops/operator-identity.js";
import { renderResult } from "../../../scripts/ops/render.js";
import { EXIT, runCli, type CliEnvironment } from "../../../scripts/ops/run-cli.js";

const LOCAL: InvokeTarget = { kind: "endpoint", endpoint: "http://127.0.0.1:4010", region: "us-east-1" };

describe("parseCommandLine", () => {
  it("maps each command to its function and payload", () => {
    const cases: [string[], string, Record<string, unknown>, boolean][] = [
      [
        ["service", "create", "--client-id", "acme", "--name", "Acme", "--plan", "managed", "--advanced-bot"],
        "ops-service",
        { action: "create", clientId: "acme", name: "Acme", plan: "managed", advancedBot: true },
        true,
      ],
      [
        ["service", "show", "--client-id", "acme"],
        "ops-service",
        { action: "show", clientId: "acme" },
        false,
      ],
      [
        ["service", "webhook-secret", "--client-id", "acme"],
        "ops-service",
        { action: "webhook-secret", clientId: "acme" },
        true,
      ],
      [
        ["service", "webhook-rotate", "--client-id", "acme", "--overlap-seconds", "3600"],
        "ops-service",
        { action: "webhook-rotate", clientId: "acme", overlapSeconds: 3600 },
        true,
      ],
      [
        ["service", "webhook-rotate", "--client-id", "acme"],
        "ops-service",
        { action: "webhook-rotate", clientId: "acme" },
        true,
      ],
      [
        ["service", "webhook-ping", "--client-id", "acme"],
        "ops-service",
        { action: "webhook-ping", clientId: "acme" },
        true,
      ],
      [
        ["key", "create", "--client-id", "acme", "--scope", "status"],
        "ops-api-keys",
        { action: "create", clientId: "acme", scope: "status" },
        true,
      ],
      [["key", "list", "--client-id", "acme"], "ops-api-keys", { action: "list", clientId: "acme" }, false],
      [
        ["key", "revoke", "--client-id", "acme", "--key-id", "abcdefghijklmnop"],
        "ops-api-keys",
        { action: "revoke", clientId: "acme", keyId: "abcdefghijklmnop" },
        true,
      ],
      [
        ["profile", "list", "--client-id", "acme", "--status", "blocked", "--limit", "10"],
        "ops-profile",
        { action: "list", clientId: "acme", status: "blocked", limit: 10 },
        false,
      ],
      [
        [
          "profile",
          "act",
          "--client-id",
          "acme",
          "--ref-id",
          "u1",
          "--action",
          "unblock",
          "--reason",
          "false positive",
        ],
        "ops-profile",
        { action: "act", clientId: "acme", refId: "u1", decision: "unblock", reason: "false positive" },
        true,
      ],
      [
        ["profile", "queue", "--client-id", "acme", "--status", "waiting", "--reason", "AML_REVIEW"],
        "ops-profile",
        { action: "queue", clientId: "acme", status: "waiting", reasonCode: "AML_REVIEW" },
        false,
      ],
      [
        ["profile", "open", "--client-id", "acme", "--ref-id", "u1"],
        "ops-profile",
        { action: "open", clientId: "acme", refId: "u1" },
        true,
      ],
      [
        [
          "profile",
          "act",
          "--client-id",
          "acme",
          "--ref-id",
          "u1",
          "--action",
          "request-resubmission",
          "--reason",
          "selfie dark",
          "--remediation",
          "Retake the selfie in daylight",
          "--expected-version",
          "4",
        ],
        "ops-profile",
        {
          action: "act",
          clientId: "acme",
          refId: "u1",
          decision: "request-resubmission",
          reason: "selfie dark",
          remediation: "Retake the selfie in daylight",
          version: 4,
        },
        true,
      ],
      [
        ["profile", "erase", "--client-id", "acme", "--ref-id", "u1"],
        "ops-profile",
        { action: "erase", clientId: "acme", refId: "u1" },
        true,
      ],
      [
        ["job", "run", "archive", "--client-id", "acme", "--now", "2026-05-01T00:00:00Z"],
        "ops-jobs",
        { action: "run", job: "archive", clientId: "acme", now: "2026-05-01T00:00:00Z" },
        true,
      ],
      [["chain", "status"], "ops-jobs", { action: "run", job: "chain-status" }, true],
      [
        ["chain", "retry", "--batch-id", "b-1"],
        "ops-jobs",
        { action: "run", job: "retry-failed", batchId: "b-1" },
        true,
      ],
      [["chain", "resync"], "ops-jobs", { action: "run", job: "chain-resync" }, true],
    ];
    for (const [args, functionName, payload, needsOperator] of cases) {
      expect(parseCommandLine(args).command).toEqual({
        name: `${args[0]} ${args[1]}`,
        functionName,
        payload,
        needsOperator,
      });
    }
  });

  it("builds the retention and custom policy of a service", () => {
    const line = parseCommandLine([
      "service",
      "create",
      "--client-id=ev",
      "--name=Event",
      "--plan=managed",
      "--retention=single-event",
      "--event-end=2026-09-30",
      "--policy=custom",
      '--custom-policy={"actions":{"AML_NAME_MATCH_100":"block"},"maxRejections":2}',
    ]);
    expect(line.command?.payload).toMatchObject({
      retention: { mode: "single-event", eventEndDate: "2026-09-30" },
      customPolicy: { actions: { AML_NAME_MATCH_100: "block" }, maxRejections: 2 },
    });
  });

  it("builds service update's changes from its options, and change-plan's target", () => {
    const update = parseCommandLine([
      "service",
      "update",
      "--client-id=acme",
      "--name=Acme Two",
      "--policy=strict",
      "--certificates=identity-document, selfie",
      "--aml-block=98",
      "--aml-review=80.5",
      "--validity-days=180",
      "--retention=single-event",
      "--event-end=2027-03-31",
      "--no-webhook-url",
      "--no-kyc-bot",
      "--advanced-bot",
    ]);
    expect(update.command).toEqual({
      name: "service update",
      functionName: "ops-service",
      needsOperator: true,
      payload: {
        action: "update",
        clientId: "acme",
        changes: {
          name: "Acme Two",
          botPolicy: "strict",
          requiredCertificates: ["identity-document", "selfie"],
          amlThresholds: { block: 98, review: 80.5 },
          attestationValidityDays: 180,
          retention: { mode: "single-event", eventEndDate: "2027-03-31" },
          webhookUrl: null,
          kycBotEnabled: false,
          advancedBotEnabled: true,
        },
      },
    });
    expect(
      parseCommandLine(["service", "change-plan", "--client-id=acme", "--plan=managed"]).command,
    ).toEqual({
      name: "service change-plan",
      functionName: "ops-service",
      needsOperator: true,
      payload: { action: "change-plan", clientId: "acme", plan: "managed" },
    });
  });

  it("refuses what the command line alone shows is wrong", () => {
    const wrong = [
      ["service", "frobnicate"],
      ["service", "show"],
      ["service", "show", "--client-id", "a", "--ref-id", "x"],
      [
        "service",
        "create",
        "--client-id",
        "a",
        "--name",
        "A",
        "--plan",
        "managed",
        "--retention",
        "single-event",
      ],
      [
        "service",
        "create",
        "--client-id",
        "a",
        "--name",
        "A",
        "--plan",
        "managed",
        "--event-end",
        "2026-01-01",
      ],
      ["service", "create", "--client-id", "a", "--name", "A", "--plan", "managed", "--retention", "weekly"],
      ["service", "create", "--client-id", "a", "--name", "A", "--plan", "managed", "--custom-policy", "{"],
      ["profile", "list", "--client-id", "a", "--limit", "ten"],
      ["profile", "act", "--client-id", "a", "--ref-id", "u", "--action", "approve"],
      ["service", "update", "--client-id", "a"],
      ["service", "update", "--client-id", "a", "--kyc-bot", "--no-kyc-bot"],
      ["service", "update", "--client-id", "a", "--aml-block", "90"],
      ["service", "update", "--client-id", "a", "--aml-block", "high", "--aml-review", "80"],
      ["service", "update", "--client-id", "a", "--webhook-url", "https://x", "--no-webhook-url"],
      ["service", "change-plan", "--client-id", "a"],
      ["job", "run"],
      ["job", "run", "dedup", "extra"],
      ["chain", "status", "--client-id", "a"],
      ["key", "list", "--client-id", "a", "--unknown"],
      ["key", "list", "--client-id", "a", "--endpoint", "http://x", "--stage", "prod"],
    ];
    for (const args of wrong) expect(() => parseCommandLine(args)).toThrow(UsageError);
  });

  it("answers help for no command and --help", () => {
    expect(parseCommandLine([])).toMatchObject({ help: true, command: null });
    expect(parseCommandLine(["profile", "show", "--help"])).toMatchObject({ help: true, command: null });
  });
});

describe("runCli", () => {
  function harness(answer: (name: string, payload: Record<string, unknown>) => unknown) {
    const calls: { name: string; payload: Record<string, unknown>; target: InvokeTarget }[] = [];
    const out: string[] = [];
    const err: string[] = [];
    const environment: CliEnvironment = {
      resolveTarget: async (choice) =>
        choice.stage === undefined ? LOCAL : { kind: "aws", stage: choice.stage, region: undefined },
      invokerFor: (target) => async (name, payload) => {
        calls.push({ name, payload, target });
        return answer(name, payload);
      },
      operatorFor: async (target) => (target.kind === "aws" ? "arn:aws:iam::1:user/bob" : "local:alice"),
    };
    return {
      calls,
      out,
      err,
      run: (args: string[]) =>
        runCli(args, environment, { out: (t) => out.push(t), err: (t) => err.push(t) }),
    };
  }

  it("adds the operator to mutating commands only, and prints JSON with --json", async () => {
    const h = harness(() => ({
      changed: false,
      profile: { refId: "u1", status: "approved" },
      audit: null,
      dedup: null,
    }));
    const args = [
      "profile",
      "act",
      "--client-id",
      "acme",
      "--ref-id",
      "u1",
      "--action",
      "approve",
      "--reason",
      "ok",
    ];
    expect(await h.run([...args, "--json"])).toBe(EXIT.ok);
    expect(h.calls[0]?.payload.operator).toBe("local:alice");
    expect(JSON.parse(h.out[0] ?? "")).toMatchObject({ changed: false });
    expect(
      await h.run(["profile", "show", "--client-id", "acme", "--ref-id", "u1", "--stage", "prod", "--json"]),
    ).toBe(EXIT.ok);
    expect(h.calls[1]?.payload).not.toHaveProperty("operator");
    expect(h.calls[1]?.target).toEqual({ kind: "aws", stage: "prod", region: undefined });
  });

  it("prints readable output by default", async () => {
    const h = harness(() => ({
      changed: false,
      profile: { refId: "u1", status: "approved" },
      audit: null,
      dedup: null,
    }));
    await h.run([
      "profile",
      "act",
      "--client-id",
      "a",
      "--ref-id",
      "u1",
      "--action",
      "approve",
      "--reason",
      "ok",
    ]);
    expect(h.out[0]).toBe("u1 is already approved: nothing changed.");
  });

  it("exits non-zero with the function's message when it refuses", async () => {
    const h = harness(() => {
      throw new OperatorCommandError(403, "Operators have no access to service shop on the payg plan");
    });
    expect(await h.run(["profile", "list", "--client-id", "shop"])).toBe(EXIT.failed);
    expect(h.err[0]).toBe("Error (403): Operators have no access to service shop on the payg plan");
    expect(await h.run(["profile", "list", "--client-id", "shop", "--json"])).toBe(EXIT.failed);
    expect(JSON.parse(h.err[1] ?? "")).toEqual({
      error: { code: 403, message: "Operators have no access to service shop on the payg plan" },
    });
  });

  it("exits 2 with the usage on a bad command line, without invoking anything", async () => {
    const h = harness(() => null);
    expect(await h.run(["key", "create", "--client-id", "a"])).toBe(EXIT.usage);
    expect(h.err[0]).toContain("key create needs --scope");
    expect(h.err[0]).toContain("Usage:");
    expect(h.calls).toHaveLength(0);
  });
});

describe("dataOf", () => {
  it("unwraps success and turns refusals and crashes into errors", () => {
    expect(dataOf("ops-profile", undefined, '{"status":"success","data":{"a":1}}')).toEqual({ a: 1 });
    expect(() =>
      dataOf("ops-profile", undefined, '{"status":"error","code":404,"message":"Profile not found"}'),
    ).toThrow(new OperatorCommandError(404, "Profile not found"));
    expect(() => dataOf("ops-jobs", "Unhandled", '{"errorMessage":"boom","errorType":"Error"}')).toThrow(
      "ops-jobs failed: boom",
    );
    expect(() => dataOf("ops-jobs", undefined, "not json")).toThrow("not JSON");
    expect(() => dataOf("ops-jobs", undefined, '{"ok":true}')).toThrow("without the operator envelope");
  });
});

describe("resolveInvokeTarget", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ops-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prefers --endpoint, then --stage, then the local stack file, then AWS dev", async () => {
    const stackFile = join(dir, "stack.json");
    const missing = join(dir, "missing.json");
    await writeFile(
      stackFile,
      JSON.stringify({ lambdaEndpoint: "http://127.0.0.1:4999", region: "eu-west-1" }),
    );
    expect(await resolveInvokeTarget({ endpoint: "http://h:1" }, stackFile, {})).toEqual({
      kind: "endpoint",
      endpoint: "http://h:1",
      region: "us-east-1",
    });
    expect(await resolveInvokeTarget({ stage: "prod" }, stackFile, { AWS_REGION: "eu-central-1" })).toEqual({
      kind: "aws",
      stage: "prod",
      region: "eu-central-1",
      fallback: false,
    });
    expect(await resolveInvokeTarget({}, stackFile, {})).toEqual({
      kind: "endpoint",
      endpoint: "http://127.0.0.1:4999",
      region: "eu-west-1",
    });
    expect(await resolveInvokeTarget({}, missing, {})).toEqual({
      kind: "aws",
      stage: "dev",
      region: undefined,
      fallback: true,
    });
  });

  it("says that no local stack is running when the AWS fallback cannot be reached", async () => {
    const unreachable = {
      send: () => Promise.reject(new Error("Region is missing")),
    } as unknown as LambdaClient;
    const fallback: InvokeTarget = { kind: "aws", stage: "dev", region: undefined, fallback: true };
    const named: InvokeTarget = { kind: "aws", stage: "dev", region: undefined, fallback: false };
    const failure = lambdaInvoker(unreachable, fallback)("ops-service", {});
    await expect(failure).rejects.toThrow(NO_LOCAL_STACK_HINT);
    await expect(failure).rejects.toThrow(/No local stack is running.*npm start.*--stage <stage> --region/);
    await expect(lambdaInvoker(unreachable, named)("ops-service", {})).rejects.toThrow(
      "cannot invoke kyc-attest-dev-ops-service at AWS stage dev: Region is missing",
    );
    await expect(lambdaInvoker(unreachable, named)("ops-service", {})).rejects.not.toThrow(/No local stack/);
  });

  it("names functions by manifest name locally and with the deployment prefix on AWS", () => {
    expect(functionNameAt(LOCAL, "ops-profile")).toBe("ops-profile");
    expect(functionNameAt({ kind: "aws", stage: "prod", region: undefined }, "ops-profile")).toBe(
      "kyc-attest-prod-ops-profile",
    );
  });
});

describe("resolveOperator", () => {
  const aws: InvokeTarget = { kind: "aws", stage: "prod", region: "eu-west-1" };

  it("uses OPERATOR, else the AWS caller's ARN, else the local user", async () => {
    const sts = async (region: string | undefined) =>
      `arn:aws:sts::1:assumed-role/ops/carol@${region ?? "-"}`;
    expect(await resolveOperator(aws, { OPERATOR: "dave" }, sts)).toBe("dave");
    expect(await resolveOperator(aws, {}, sts)).toBe("arn:aws:sts::1:assumed-role/ops/carol@eu-west-1");
    expect(await resolveOperator(LOCAL, {}, sts)).toMatch(/^local:.+/);
  });

  it("fails clearly when AWS cannot say who the caller is", async () => {
    const failing = async (): Promise<string> => {
      throw new Error("no credentials");
    };
    await expect(resolveOperator(aws, {}, failing)).rejects.toThrow(
      /sts:GetCallerIdentity failed: no credentials.*OPERATOR/,
    );
  });
});

describe("renderResult", () => {
  it("shows an issued key once with its table", () => {
    const key = {
      keyId: "abcdefghijklmnop",
      scope: "status",
      state: "active",
      createdAt: "2026-01-01T00:00:00.000Z",
      createdBy: "alice",
      lastUsedAt: null,
      expiresAt: null,
    };
    const text = renderResult("key create", { apiKey: "kyc_live_secret", key });
    expect(text).toContain("shown once");
    expect(text).toContain("  kyc_live_secret");
    expect(text).toMatch(/abcdefghijklmnop\s+status\s+active/);
  });

  it("shows a key's usage identifier with the usage plan it belongs in", () => {
    const key = {
      keyId: "abcdefghijklmnop",
      scope: "status+identity",
      state: "active",
      createdAt: "2026-01-01T00:00:00.000Z",
      createdBy: "alice",
      lastUsedAt: null,
      expiresAt: null,
      usageIdentifier: "kya-usage-abcdefghijklmnop",
    };
    const text = renderResult("key create", { apiKey: "kya_x", key });
    expect(text).toContain("Usage identifier kya-usage-abcdefghijklmnop");
    expect(text).toContain("status usage plan");
  });

  const service = {
    clientId: "acme",
    name: "Acme",
    plan: "payg",
    botPolicy: "standard",
    advancedBotEnabled: false,
    retention: { mode: "ongoing" },
    onchainServiceId: null,
    requiredCertificates: ["identity-document"],
    attestationValidityDays: 365,
    webhookUrl: "https://hooks.example.org/kyc",
  };
  const webhook = {
    url: "https://hooks.example.org/kyc",
    secret: "ab".repeat(32),
    signatureHeader: "X-Hub-Signature",
    signature: "sha256=<hex HMAC-SHA-256 of the raw body, keyed with the secret>",
  };

  it("prints the webhook secret of a created service and how the business verifies it", () => {
    const text = renderResult("service create", { service, entitlements: {}, registration: null, webhook });
    expect(text).toContain(`  ${"ab".repeat(32)}`);
    expect(text).toContain("X-Hub-Signature: sha256=");
    expect(text).toContain("service webhook-secret");
    expect(renderResult("service webhook-secret", { webhook })).toContain(`  ${"ab".repeat(32)}`);
    const rotated = renderResult("service webhook-rotate", {
      webhook: {
        ...webhook,
        secret: "cd".repeat(32),
        standardWebhooksSecret: "whsec_Y2Q=",
        generation: 2,
        previousSecretSignsUntil: "2026-02-02T10:00:00.000Z",
      },
    });
    expect(rotated).toContain(`  ${"cd".repeat(32)}`);
    expect(rotated).toContain("whsec_Y2Q=");
    expect(rotated).toContain("also signs until 2026-02-02T10:00:00.000Z");
    expect(
      renderResult("service webhook-ping", {
        ping: { url: "https://hooks.example.org/kyc", guid: "g-1", httpStatus: 500, delivered: false },
      }),
    ).toContain("HTTP 500 (not accepted");
    const withoutWebhook = renderResult("service create", {
      service: { ...service, webhookUrl: undefined },
      entitlements: {},
      registration: null,
      webhook: null,
    });
    expect(withoutWebhook).not.toContain("Webhook secret");
  });

  it("shows a service's operator audit trail", () => {
    const text = renderResult("service show", {
      service,
      entitlements: { kycBot: true },
      audit: [
        {
          at: "2026-01-01T00:00:00.000Z",
          action: "API_KEY_CREATED",
          actor: { kind: "operator", id: "alice" },
          details: { keyId: "abcdefghijklmnop", scope: "status" },
        },
      ],
    });
    expect(text).toMatch(
      /2026-01-01T00:00:00.000Z\s+API_KEY_CREATED\s+alice\s+keyId=abcdefghijklmnop scope=status/,
    );
  });

  it("shows the AML evidence behind a bot's block in a profile's audit trail", () => {
    const text = renderResult("profile show", {
      profile: {
        refId: "r1",
        status: "blocked",
        personalData: null,
        audit: [
          {
            at: "2026-01-02T00:00:00.000Z",
            from: "waiting",
            to: "blocked",
            actor: { kind: "bot", id: "advanced-kyc-bot" },
            reasonCodes: ["AML_MATCH"],
            amlEvidence: [
              {
                categories: ["PEP"],
                nameScore: 100,
                score: 100,
                verdict: "match",
                reasons: ["NAME_SAME", "DOB_YEAR_MISMATCH", "FULL_NAME_MATCH"],
              },
            ],
          },
        ],
      },
      onchain: null,
    });
    expect(text).toContain("AML evidence:");
    expect(text).toMatch(
      /blocked\s+1\s+PEP\s+100\s+100\s+match\s+NAME_SAME,DOB_YEAR_MISMATCH,FULL_NAME_MATCH/,
    );
  });

  it("renders a queue page with counts, ages, reason codes and SLA standing", () => {
    const text = renderResult("profile queue", {
      clientId: "acme",
      status: "waiting",
      counts: { waiting: 2, inreview: 0, blocked: 1, approved: 0, rejected: 0, incomplete: 0 },
      records: [
        {
          refId: "u1",
          recordId: "r1",
          status: "waiting",
          since: "2026-12-07T03:00:00.000Z",
          ageSeconds: 3 * 3600 + 300,
          reasonCodes: ["AML_REVIEW"],
          version: 2,
          sla: { dueAt: "2026-12-07T06:00:00.000Z", standing: "breached" },
        },
      ],
      cursor: "abc",
    });
    expect(text).toContain("Counts: waiting 2, inreview 0, blocked 1");
    expect(text).toMatch(
      /u1\s+2026-12-07T03:00:00.000Z\s+3h 5m\s+AML_REVIEW\s+2\s+breached \(due 2026-12-07T06:00:00.000Z\)/,
    );
    expect(text).toContain("More: --cursor abc");
  });

  it("shows a profile's duplicates and the explorer link of its on-chain record", () => {
    const tx = `0x${"ab".repeat(32)}`;
    const text = renderResult("profile show", {
      profile: {
        refId: "r2",
        status: "blocked",
        personalData: null,
        audit: [],
        duplicates: {
          sharing: [{ refId: "r1", status: "approved", matchedOn: ["passport"] }],
          originalRefId: "r1",
        },
      },
      onchain: {
        chainId: 1,
        serviceId: "7",
        verifiedUntil: 0,
        txHash: tx,
        explorerUrl: `https://etherscan.io/tx/${tx}`,
      },
    });
    expect(text).toMatch(/r1\s+approved\s+passport/);
    expect(text).toContain("Blocked as a duplicate of r1.");
    expect(text).toContain(`tx https://etherscan.io/tx/${tx}`);
  });

  it("outlines unknown shapes as key: value lines", () => {
    expect(
      renderResult("job run", {
        job: "dedup",
        functionName: "dedup-sweep",
        now: "T",
        result: { status: "completed", services: [] },
      }),
    ).toBe("Job dedup (dedup-sweep) run with now = T:\n  status: completed\n  services: (none)");
  });
});
