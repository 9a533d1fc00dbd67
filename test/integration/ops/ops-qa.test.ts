import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { profileKey } from "../../../lambdas/adapters/dynamodb/keys.js";
import { DynamoDbProfileRepository } from "../../../lambdas/adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import { FixedClock } from "../../../lambdas/adapters/system/system-clock.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import type { QaWeekView } from "../../../lambdas/domain/quality/qa-view.js";
import type { OpsResponse } from "../../../lambdas/shared/ops-response.js";
import { createOpsQa, opsQaDepsFromEnv, type OpsQaRequest } from "../../../lambdas/handlers/ops-qa.js";
import { createOpsProfile, opsProfileDepsFromEnv } from "../../../lambdas/handlers/ops-profile.js";
import { aProfile, aSeedAudit, aService, clearCertificates } from "../../support/domain-builders.js";
import { LOCAL_AWS } from "../../support/dynamodb-local.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { startLocalServices, type LocalServices } from "../../support/local-services.js";
import { dataOf } from "../../../scripts/ops/function-invoker.js";
import { EXIT, runCli } from "../../../scripts/ops/run-cli.js";

/**
 * The ops-qa function against DynamoDB Local: the week's sample drawn from the seeded decisions,
 * stored once, outcomes recorded once, plan refusals and validation, the profiles' later states.
 */
const OPERATOR = "arn:aws:iam::123456789012:user/qa-olga";
// Saturday of 2026-W49: the last complete week is 2026-W48 (23 to 30 November).
const NOW = "2026-12-05T10:00:00.000Z";
const W48_MONDAY = Date.parse("2026-11-23T00:00:00.000Z");

let local: LocalServices;
let restoreEnv: () => void;
let documents: ReturnType<typeof createDocumentClient>;
let profiles: DynamoDbProfileRepository;
let opsQa: (request: OpsQaRequest) => Promise<OpsResponse>;

beforeAll(async () => {
  local = await startLocalServices("qa-test");
  restoreEnv = local.applyEnv();
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  profiles = new DynamoDbProfileRepository(documents, local.tableName);
  const services = new DynamoDbServiceRepository(documents, local.tableName);
  await services.put(aService({ clientId: "dedicated", plan: "managed-dedicated", onchainServiceId: "1" }));
  await services.put(aService({ clientId: "managed", plan: "managed", onchainServiceId: "2" }));
  // The function as the console calls it: the deployed composition with the clock at NOW.
  const call = createOpsQa(() => ({ ...opsQaDepsFromEnv(), clock: new FixedClock(NOW) }));
  opsQa = (request) => call(request);
  await seedDecisions();
});

afterAll(async () => {
  documents?.destroy();
  restoreEnv?.();
  await local?.stop();
});

const hours = (n: number) => new Date(W48_MONDAY + n * 3600 * 1000).toISOString();

async function seed(refId: string, overrides: Partial<Profile>): Promise<void> {
  const profile = aProfile({
    clientId: "dedicated",
    refId,
    certificates: clearCertificates(),
    version: 3,
    waitingDate: hours(0),
    ...overrides,
  });
  await profiles.createIfAbsent({ profile, audit: aSeedAudit(profile), index: [] });
}

/** W48: 60 approvals (sample 6) and 3 blocks (all); around it, decisions of W47 and W49. */
async function seedDecisions(): Promise<void> {
  const approved = (at: string): Partial<Profile> => ({
    status: "approved",
    approvedDate: at,
    lastStatusChangeAt: at,
  });
  const blocked = (at: string): Partial<Profile> => ({
    status: "blocked",
    blockedDate: at,
    lastStatusChangeAt: at,
  });
  const writes: Promise<void>[] = [];
  for (let i = 0; i < 60; i += 1)
    writes.push(seed(`a-${String(i).padStart(2, "0")}`, approved(hours(i * 2.5))));
  writes.push(seed("b-first", blocked(hours(0))), seed("b-mid", blocked(hours(80))));
  writes.push(seed("b-last", blocked("2026-11-29T23:59:59.999Z")));
  writes.push(seed("w47-sunday", approved("2026-11-22T23:59:59.999Z")));
  writes.push(seed("w49-monday", blocked("2026-11-30T00:00:00.000Z")));
  writes.push(
    seed("rejected-w48", { status: "rejected", rejectedDate: hours(5), lastStatusChangeAt: hours(5) }),
  );
  await Promise.all(writes);
}

async function succeed<T>(request: OpsQaRequest): Promise<T> {
  const answer = await opsQa(request);
  if (answer.status !== "success") throw new Error(`ops-qa refused: ${answer.code} ${answer.message}`);
  return answer.data as T;
}

const sample = (week?: string, operator = OPERATOR) =>
  succeed<QaWeekView>({
    action: "sample",
    clientId: "dedicated",
    operator,
    ...(week === undefined ? {} : { week }),
  });

describe("ops-qa sample", () => {
  it("draws the last complete week's sample: 10 % of approvals (at least 5), every block, nothing outside", async () => {
    const view = await sample();
    expect(view).toMatchObject({
      clientId: "dedicated",
      week: "2026-W48",
      weekStart: "2026-11-23T00:00:00.000Z",
      weekEnd: "2026-11-30T00:00:00.000Z",
      drawnAt: NOW,
      drawnBy: OPERATOR,
      population: { approved: 60, blocked: 3 },
      counts: { sampled: 9, reviewed: 0, confirmed: 0, overturned: 0, notReviewed: 9 },
    });
    const approved = view.items.filter((item) => item.status === "approved");
    expect(approved).toHaveLength(6);
    expect(approved.every((item) => item.refId.startsWith("a-"))).toBe(true);
    expect(
      view.items
        .filter((item) => item.status === "blocked")
        .map((item) => item.refId)
        .sort(),
    ).toEqual(["b-first", "b-last", "b-mid"]);
    expect(view.items.find((item) => item.refId === "b-last")).toEqual({
      refId: "b-last",
      status: "blocked",
      decidedAt: "2026-11-29T23:59:59.999Z",
      outcome: null,
      current: { status: "blocked", isArchived: false, deleted: false },
      changedSinceSampled: false,
    });
  });

  it("reads the stored sample afterwards: another operator sees the same draw", async () => {
    const first = await sample("2026-W48");
    const again = await sample("2026-W48", "someone-else");
    expect(again).toEqual(first);
    expect(again.drawnBy).toBe(OPERATOR);
  });

  it("stores one sample when two operators draw a new week at once", async () => {
    const [one, two] = await Promise.all([sample("2026-W47", "op-1"), sample("2026-W47", "op-2")]);
    expect(two.drawnBy).toBe(one.drawnBy);
    expect(two.items).toEqual(one.items);
    expect(one.items.map((item) => item.refId)).toEqual(["w47-sunday"]);
  });

  it("stores refIds, statuses and times only: no personal data in QA items", async () => {
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: local.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :qa)",
        ExpressionAttributeValues: { ":pk": "SERVICE#dedicated", ":qa": "QA#" },
      }),
    );
    expect(Items.map((item) => item.sk).sort()).toEqual(["QA#2026-W47#SAMPLE", "QA#2026-W48#SAMPLE"]);
    expect(JSON.stringify(Items)).not.toMatch(/Pereira|givenName|1990-04-01|CA 123-456|0x52908400/i);
  });

  it("refuses services not on managed-dedicated, unknown services, running weeks and bad input", async () => {
    expect(await opsQa({ action: "sample", clientId: "managed", operator: OPERATOR })).toEqual({
      status: "error",
      code: 403,
      message: expect.stringContaining("managed-dedicated plan; managed is on managed"),
    });
    expect(await opsQa({ action: "sample", clientId: "nobody", operator: OPERATOR })).toMatchObject({
      status: "error",
      code: 404,
    });
    expect(
      await opsQa({ action: "sample", clientId: "dedicated", week: "2026-W49", operator: OPERATOR }),
    ).toEqual({
      status: "error",
      code: 400,
      message: "Invalid week: 2026-W49 has not ended yet: QA samples a complete week",
    });
    expect(
      await opsQa({ action: "sample", clientId: "dedicated", week: "2026-49", operator: OPERATOR }),
    ).toEqual({
      status: "error",
      code: 400,
      message: "Invalid week: must be an ISO week such as 2026-W49",
    });
    expect(await opsQa({ action: "sample", clientId: "dedicated" } as OpsQaRequest)).toMatchObject({
      status: "error",
      code: 400,
      message: expect.stringContaining("Invalid operator"),
    });
  });
});

describe("ops-qa record", () => {
  const record = (refId: string, outcome: string, note = "documents and AML hit re-checked") =>
    opsQa({
      action: "record",
      clientId: "dedicated",
      week: "2026-W48",
      refId,
      outcome: outcome as "confirmed",
      note,
      operator: OPERATOR,
    });

  it("records an outcome once: the same again changes nothing, a different one is a conflict", async () => {
    const first = await record("b-first", "confirmed");
    expect(first).toMatchObject({
      status: "success",
      data: {
        changed: true,
        recorded: { refId: "b-first", outcome: "confirmed", operator: OPERATOR, at: NOW },
        sample: { counts: { sampled: 9, reviewed: 1, confirmed: 1, overturned: 0, notReviewed: 8 } },
      },
    });
    expect(await record("b-first", "confirmed", "a second look")).toMatchObject({
      status: "success",
      data: { changed: false, recorded: { note: "documents and AML hit re-checked" } },
    });
    expect(await record("b-first", "overturned")).toEqual({
      status: "error",
      code: 409,
      message: `b-first was already recorded as confirmed for 2026-W48 by ${OPERATOR}`,
    });
    const view = await sample("2026-W48");
    expect(view.items.find((item) => item.refId === "b-first")?.outcome).toEqual({
      outcome: "confirmed",
      note: "documents and AML hit re-checked",
      operator: OPERATOR,
      at: NOW,
    });
  });

  it("answers 404 for a profile outside the week's sample and 400 naming a bad field", async () => {
    expect(await record("w49-monday", "confirmed")).toEqual({
      status: "error",
      code: 404,
      message: "w49-monday is not in the QA sample of 2026-W48",
    });
    expect(await record("b-mid", "maybe")).toMatchObject({
      status: "error",
      code: 400,
      message: expect.stringMatching(/^Invalid outcome/),
    });
    expect(await record("b-mid", "confirmed", "  ")).toMatchObject({
      status: "error",
      code: 400,
      message: expect.stringMatching(/^Invalid note/),
    });
  });

  it("an overturned block is corrected through ops-profile act; the sample shows the change", async () => {
    expect(await record("b-mid", "overturned", "namesake: date of birth differs")).toMatchObject({
      status: "success",
      data: {
        changed: true,
        sample: { counts: { reviewed: 2, confirmed: 1, overturned: 1, notReviewed: 7 } },
      },
    });
    process.env.ARCHIVE_BUCKET = "qa-test-unused";
    try {
      const act = await createOpsProfile(() => opsProfileDepsFromEnv())({
        action: "act",
        clientId: "dedicated",
        refId: "b-mid",
        decision: "unblock",
        reason: "QA 2026-W48 overturned: namesake, date of birth differs",
        operator: OPERATOR,
      });
      expect(act).toMatchObject({
        status: "success",
        data: { changed: true, profile: { status: "approved" } },
      });
    } finally {
      delete process.env.ARCHIVE_BUCKET;
    }
    const item = (await sample("2026-W48")).items.find((i) => i.refId === "b-mid");
    expect(item).toMatchObject({
      status: "blocked",
      outcome: { outcome: "overturned" },
      current: { status: "approved" },
      changedSinceSampled: true,
    });
  });

  it("keeps archived and erased profiles in the sample, marked as such", async () => {
    const view = await sample("2026-W48");
    const [archived, erased] = view.items
      .filter((item) => item.status === "approved")
      .map((item) => item.refId);
    const mark = (refId: string | undefined, attribute: string) =>
      documents.send(
        new UpdateCommand({
          TableName: local.tableName,
          Key: profileKey("dedicated", refId ?? ""),
          UpdateExpression: `SET ${attribute} = :true`,
          ExpressionAttributeValues: { ":true": true },
        }),
      );
    await mark(archived, "isArchived");
    await mark(erased, "deleted");
    const after = await sample("2026-W48");
    expect(after.items.map((item) => item.refId)).toEqual(view.items.map((item) => item.refId));
    expect(after.items.find((item) => item.refId === archived)?.current).toEqual({
      status: "approved",
      isArchived: true,
      deleted: false,
    });
    expect(after.items.find((item) => item.refId === erased)?.current).toMatchObject({ deleted: true });
  });

  it("answers through the deployed handler too (Lambda Invoke)", async () => {
    const { handler } = await import("../../../lambdas/handlers/ops-qa.js");
    const invoke = handler as unknown as (event: unknown, context: Context) => Promise<OpsResponse>;
    expect(
      await invoke(
        { action: "sample", clientId: "dedicated", week: "2026-W48", operator: OPERATOR },
        lambdaContext("ops-qa"),
      ),
    ).toMatchObject({ status: "success", data: { week: "2026-W48", counts: { sampled: 9, reviewed: 2 } } });
  });
});

describe("the qa commands of the operator CLI", () => {
  /** Runs a command line in-process with the ops-qa function answering (as the local Invoke endpoint would). */
  async function ops(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      args,
      {
        resolveTarget: () =>
          Promise.resolve({ kind: "endpoint", endpoint: "in-process", region: "us-east-1" }),
        invokerFor: () => async (name, payload) =>
          dataOf(name, undefined, JSON.stringify(await opsQa(payload as OpsQaRequest))),
        operatorFor: () => Promise.resolve("cli-operator"),
      },
      { out: (text) => out.push(text), err: (text) => err.push(text) },
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("draws, shows and records through the CLI", async () => {
    const shown = await ops("qa", "sample", "--client-id", "dedicated");
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.out).toContain("dedicated 2026-W48");
    expect(shown.out).toMatch(/b-first\s+blocked\s+\S+\s+confirmed/);
    const recorded = await ops(
      ...["qa", "record", "--client-id", "dedicated", "--week", "2026-W48", "--ref-id", "b-last"],
      ...["--outcome", "confirmed", "--note", "sanctions list match re-checked"],
    );
    expect(recorded).toMatchObject({ code: EXIT.ok, err: "" });
    expect(recorded.out).toContain("b-last (2026-W48): confirmed, recorded by cli-operator.");
    const refused = await ops("qa", "sample", "--client-id", "managed");
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.err).toContain(
      "Error (403): quality assurance reviews are part of the managed-dedicated plan",
    );
  });
});
