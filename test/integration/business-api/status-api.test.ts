import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import { DynamoDbChainRecordStore } from "../../../lambdas/adapters/dynamodb/chain-record-store.js";
import { createDocumentClient } from "../../../lambdas/adapters/dynamodb/document-client.js";
import { profileToItem } from "../../../lambdas/adapters/dynamodb/items.js";
import { DynamoDbServiceRepository } from "../../../lambdas/adapters/dynamodb/service-repository.js";
import type { Profile, ProfileStatus } from "../../../lambdas/domain/profile.js";
import { createStatusApplicants } from "../../../lambdas/handlers/status-applicants.js";
import { statusDepsFromEnv } from "../../../lambdas/handlers/status-dynamodb.js";
import { createStatusProfile } from "../../../lambdas/handlers/status-profile.js";
import { aProfile, aService } from "../../support/domain-builders.js";
import { LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from "../../support/dynamodb-local.js";
import { lambdaContext, restApiEvent, type RestRequest } from "../../support/lambda-events.js";
import { createMainTable } from "../../support/main-table.js";

const PREFIX = "/kyc/1.0/connect/{clientId}";
const TX_HASH = `0x${"cd".repeat(32)}`;

let dynamoDb: DynamoDbLocal;
let documents: ReturnType<typeof createDocumentClient>;
let statusProfile: ReturnType<typeof createStatusProfile>;
let statusApplicants: ReturnType<typeof createStatusApplicants>;

const statusAt = (status: ProfileStatus, minute: number): Partial<Profile> => {
  const at = `2026-01-10T10:${String(minute).padStart(2, "0")}:00.000Z`;
  const dateField = {
    waiting: "waitingDate",
    inreview: "inreviewDate",
    approved: "approvedDate",
    rejected: "rejectedDate",
    blocked: "blockedDate",
    incomplete: null,
  }[status];
  return {
    status,
    lastStatusChangeAt: at,
    updatedAt: at,
    ...(dateField === null ? {} : { [dateField]: at }),
  };
};

/** acme (managed): 3 approved, 2 waiting, 1 blocked, 1 erased approved; globex: its own user-1. */
const ACME_PROFILES: Profile[] = [
  aProfile({ refId: "user-1", ...statusAt("approved", 1) }),
  aProfile({ refId: "user-2", ...statusAt("approved", 3) }),
  aProfile({ refId: "user-3", ...statusAt("approved", 2) }),
  aProfile({ refId: "user-4", ...statusAt("waiting", 4) }),
  aProfile({ refId: "user-5", ...statusAt("waiting", 5) }),
  aProfile({ refId: "user-6", ...statusAt("blocked", 6), submitCount: 3 }),
  aProfile({ refId: "erased-1", ...statusAt("approved", 0), deleted: true, identity: null, documents: [] }),
];

/** The answer's envelope, loosely typed: single records and pages share `data`. */
interface StatusData {
  refId: string;
  recordId: string;
  status: string;
  onchain: { txHash: string } | null;
  identities?: unknown;
  willArchiveAtDate: string;
  records: StatusData[];
  total: number;
}
interface Envelope {
  status: string;
  code?: number;
  message?: string;
  data: StatusData;
}

function principal(clientId: string, scope = "status", plan = "managed"): Record<string, string> {
  return { clientId, keyId: "abcdefghijklmnop", plan, scope, keyScope: scope.replace(" ", "+") };
}

async function call(
  handler: (event: never, context: never) => Promise<APIGatewayProxyResult>,
  request: Omit<RestRequest, "method"> & { query?: Record<string, string> },
) {
  const event = {
    ...restApiEvent({ method: "GET", ...request }),
    queryStringParameters: request.query ?? null,
  };
  const result = await handler(event as never, lambdaContext("status") as never);
  return {
    statusCode: result.statusCode,
    headers: result.headers,
    body: JSON.parse(result.body) as Envelope,
  };
}

const byRefId = (clientId: string, refId: string, authorizer = principal(clientId)) =>
  call(statusProfile, {
    resource: `${PREFIX}/refId/{refId}`,
    pathParameters: { clientId, refId },
    authorizer,
  });

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  dynamoDb = await startDynamoDbLocal();
  const client = dynamoDb.client();
  const tableName = await createMainTable(client, "status-api-test");
  client.destroy();
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamoDb.endpoint });
  const services = new DynamoDbServiceRepository(documents, tableName);
  await services.put(aService({ clientId: "acme", plan: "managed" }));
  await services.put(aService({ clientId: "globex", plan: "managed" }));
  await services.put(
    aService({
      clientId: "shop",
      plan: "payg",
      retention: { mode: "single-event", eventEndDate: "2026-03-31T00:00:00.000Z" },
    }),
  );
  const profiles = [
    ...ACME_PROFILES,
    aProfile({
      clientId: "globex",
      refId: "user-1",
      ...statusAt("rejected", 9),
      identity: {
        givenName: "Zed",
        familyName: "Quist",
        dob: "1980-02-02",
        nationality: "DE",
        email: "zed.quist@example.com",
      },
    }),
    aProfile({ clientId: "shop", refId: "buyer-1", ...statusAt("approved", 7) }),
  ];
  for (const profile of profiles) {
    await documents.send(new PutCommand({ TableName: tableName, Item: profileToItem(profile) }));
  }
  await new DynamoDbChainRecordStore(documents, tableName).recordProfile({
    clientId: "acme",
    refId: "user-1",
    chainId: 31337,
    registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    serviceId: "0x01",
    wallet: "0x52908400098527886E0F7030069857D2E4169EE7",
    verifiedUntil: 1_800_000_000,
    txHash: TX_HASH,
    blockNumber: 12,
    txGasUsed: "49766",
    profileVersion: 3,
    confirmedAt: "2026-01-10T10:02:00.000Z",
  });
  const deps = statusDepsFromEnv({ TABLE_NAME: tableName }, documents);
  statusProfile = createStatusProfile(() => deps);
  statusApplicants = createStatusApplicants(() => deps);
});

afterAll(async () => {
  documents?.destroy();
  await dynamoDb?.stop();
});

describe("GET /refId/{refId} and /recordId/{recordId}", () => {
  it("answers the Blockpass envelope with dates, archive date and the on-chain record", async () => {
    const { statusCode, body } = await byRefId("acme", "user-1");
    expect(statusCode).toBe(200);
    expect(body).toEqual({
      status: "success",
      data: {
        refId: "user-1",
        recordId: ACME_PROFILES[0]!.recordId,
        status: "approved",
        submitCount: 1,
        isArchived: false,
        waitingDate: null,
        inreviewDate: null,
        approvedDate: "2026-01-10T10:01:00.000Z",
        rejectedDate: null,
        blockedDate: null,
        willArchiveAtDate: "2026-03-10T10:01:00.000Z",
        blockPassID: null,
        customFields: {},
        reasonCodes: [],
        onchain: {
          chainId: 31337,
          registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          serviceId: "0x01",
          wallet: "0x52908400098527886E0F7030069857D2E4169EE7",
          verifiedUntil: 1_800_000_000,
          txHash: TX_HASH,
        },
      },
    });
  });

  it("finds the same record by recordId, with onchain null when nothing was issued", async () => {
    const byRecord = await call(statusProfile, {
      resource: `${PREFIX}/recordId/{recordId}`,
      pathParameters: { clientId: "acme", recordId: ACME_PROFILES[3]!.recordId },
      authorizer: principal("acme"),
    });
    expect(byRecord.statusCode).toBe(200);
    expect(byRecord.body.data).toEqual((await byRefId("acme", "user-4")).body.data);
    expect(byRecord.body.data.onchain).toBeNull();
    expect(byRecord.body.data.status).toBe("waiting");
  });

  it("answers 404 for unknown and erased profiles, and for another service's refId", async () => {
    for (const refId of ["nobody", "erased-1"]) {
      const { statusCode, body } = await byRefId("acme", refId);
      expect({ statusCode, body }).toEqual({
        statusCode: 404,
        body: { status: "error", code: 404, message: "no profile with this refId" },
      });
    }
    // `globex` has a user-1 too; acme's key and path never reach it.
    const acme = await byRefId("acme", "user-1");
    expect(acme.body.data.status).toBe("approved");
    const globexRecord = (await byRefId("globex", "user-1")).body.data.recordId;
    const crossed = await call(statusProfile, {
      resource: `${PREFIX}/recordId/{recordId}`,
      pathParameters: { clientId: "acme", recordId: globexRecord },
      authorizer: principal("acme"),
    });
    expect(crossed.statusCode).toBe(404);
  });

  it("refuses a key of another service (403) and a request without a principal (401)", async () => {
    const other = await byRefId("acme", "user-1", principal("globex"));
    expect(other.statusCode).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain("approved");
    const intakeKey = await byRefId("acme", "user-1", principal("acme", "intake"));
    expect(intakeKey.statusCode).toBe(403);
    const none = await call(statusProfile, {
      resource: `${PREFIX}/refId/{refId}`,
      pathParameters: { clientId: "acme", refId: "user-1" },
      authorizer: null,
    });
    expect(none.statusCode).toBe(401);
  });

  it("answers 400 for a malformed refId", async () => {
    const { statusCode, body } = await byRefId("acme", "a#b");
    expect(statusCode).toBe(400);
    expect(body.message).toMatch(/^Invalid refId/);
  });

  it("gives identity attributes to an identity grant on payg only, never on a managed plan", async () => {
    const shop = await byRefId("shop", "buyer-1", principal("shop", "status identity", "payg"));
    expect(shop.body.data.identities).toEqual({
      given_name: { type: "string", value: "Ana" },
      family_name: { type: "string", value: "Pereira" },
      dob: { type: "string", value: "04/01/1990" },
      nationality: { type: "string", value: "PT" },
    });
    expect(shop.body.data.willArchiveAtDate).toBe("2026-04-30T00:00:00.000Z");
    // A (stale or forged) identity grant on a managed service: the current plan decides.
    const acme = await byRefId("acme", "user-1", principal("acme", "status identity", "payg"));
    expect(acme.statusCode).toBe(200);
    expect(JSON.stringify(acme.body)).not.toMatch(
      /Ana|Pereira|1990|CA 123-456|identities|certs|certificates/,
    );
  });

  it("never answers the user's e-mail address on a managed plan, by refId or in a listing", async () => {
    const one = await byRefId("globex", "user-1", principal("globex", "status identity", "managed"));
    expect(one.statusCode).toBe(200);
    const listing = await call(statusApplicants, {
      resource: `${PREFIX}/applicants`,
      pathParameters: { clientId: "globex" },
      authorizer: principal("globex", "status identity", "managed"),
    });
    expect(listing.statusCode).toBe(200);
    expect(JSON.stringify([one.body, listing.body])).not.toMatch(/zed\.quist|@example/);
  });
});

describe("GET /applicants[/{status}]", () => {
  const list = (clientId: string, status: string | null, query: Record<string, string> = {}) =>
    call(statusApplicants, {
      resource: status === null ? `${PREFIX}/applicants` : `${PREFIX}/applicants/{status}`,
      pathParameters: status === null ? { clientId } : { clientId, status },
      authorizer: principal(clientId),
      query,
    });

  it("lists one status oldest change first, with total, skip and limit, without erased profiles", async () => {
    const { statusCode, body } = await list("acme", "approved");
    expect(statusCode).toBe(200);
    expect(body.data.total).toBe(3);
    expect(body.data.records.map((record: { refId: string }) => record.refId)).toEqual([
      "user-1",
      "user-3",
      "user-2",
    ]);
    expect(body.data.records[0]?.onchain?.txHash).toBe(TX_HASH);
    expect(body.data.records[1]?.onchain).toBeNull();
    const page = await list("acme", "approved", { skip: "1", limit: "1" });
    expect(page.body.data).toMatchObject({ total: 3, skip: 1, limit: 1 });
    expect(page.body.data.records.map((record: { refId: string }) => record.refId)).toEqual(["user-3"]);
  });

  it("pages all statuses in lifecycle order with a stable, gap-free sequence", async () => {
    const all = await list("acme", null, { limit: "100" });
    const order = all.body.data.records.map((record: { refId: string }) => record.refId);
    expect(order).toEqual(["user-4", "user-5", "user-1", "user-3", "user-2", "user-6"]);
    expect(all.body.data.total).toBe(6);
    const paged: string[] = [];
    for (let skip = 0; skip < 6; skip += 4) {
      const page = await list("acme", null, { skip: String(skip), limit: "4" });
      paged.push(...page.body.data.records.map((record: { refId: string }) => record.refId));
    }
    expect(paged).toEqual(order);
    const beyond = await list("acme", null, { skip: "50" });
    expect(beyond.body.data).toEqual({ records: [], total: 6, skip: 50, limit: 20 });
  });

  it("never lists another service's profiles nor personal data", async () => {
    const globex = await list("globex", null);
    expect(globex.body.data.records.map((record: { refId: string }) => record.refId)).toEqual(["user-1"]);
    const acme = JSON.stringify((await list("acme", null)).body);
    expect(acme).not.toMatch(/Zed|Quist|Ana|Pereira|1990-04-01|CA 123-456|identity|documents/);
  });

  it("answers 400 for a bad status or paging value", async () => {
    for (const [status, query, message] of [
      ["archived", {}, /^Invalid status/],
      ["approved", { limit: "101" }, /limit must be at most 100/],
      [null, { skip: "-3" }, /skip must be a whole number/],
    ] as const) {
      const { statusCode, body } = await list("acme", status, query);
      expect({ statusCode, code: body.code }).toEqual({ statusCode: 400, code: 400 });
      expect(body.message).toMatch(message);
    }
  });
});
