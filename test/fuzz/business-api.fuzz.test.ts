import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import fc from "fast-check";
import { DynamoDbAuthFailureCounter } from "../../lambdas/adapters/dynamodb/api-key-failure-counter.js";
import { DynamoDbApiKeyStore } from "../../lambdas/adapters/dynamodb/api-key-store.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { profileToItem } from "../../lambdas/adapters/dynamodb/items.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import { SystemClock } from "../../lambdas/adapters/system/system-clock.js";
import { isInvokeAllowed } from "../../lambdas/domain/api-keys/policy-evaluation.js";
import { aProfile, aService } from "../support/domain-builders.js";
import { LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from "../support/dynamodb-local.js";
import { lambdaContext, restApiEvent } from "../support/lambda-events.js";
import { createMainTable } from "../support/main-table.js";
import { authorizerEvent, methodArnOf } from "../unit/api-keys/support/authorizer-event.js";

/**
 * Bad input against the authorizer and the status handlers, wired as API Gateway wires them:
 * authorizer (401 when it throws, 403 when its policy denies the method ARN) → handler with the
 * policy's context. Properties: never a 5xx, and nothing of the other service ever in an answer.
 */
const PREFIX = "/kyc/1.0/connect/{clientId}";
const ROUTES = {
  refId: `${PREFIX}/refId/{refId}`,
  recordId: `${PREFIX}/recordId/{recordId}`,
  applicants: `${PREFIX}/applicants`,
  applicantsByStatus: `${PREFIX}/applicants/{status}`,
} as const;
type Route = keyof typeof ROUTES;

/** Everything of globex that must never reach acme's key (and the other way round). */
const GLOBEX = { refIds: ["gx-user-1", "gx-user-2"], givenName: "Zebulon", familyName: "Quisling" };
const ACME = { refIds: ["ac-user-1", "ac-user-2", "ac-user-3"], givenName: "Anabela", familyName: "Pereira" };

let dynamoDb: DynamoDbLocal;
let documents: ReturnType<typeof createDocumentClient>;
let authorize: (event: ReturnType<typeof authorizerEvent>) => Promise<{
  policyDocument: Parameters<typeof isInvokeAllowed>[0];
  context: Record<string, string>;
}>;
let handlers: Record<
  "profile" | "applicants",
  (event: never, context: never) => Promise<APIGatewayProxyResult>
>;
const keys = { acme: "", globex: "", shopIdentity: "" };
const recordIds = { acme: [] as string[], globex: [] as string[] };

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  dynamoDb = await startDynamoDbLocal();
  const client = dynamoDb.client();
  const tableName = await createMainTable(client, "fuzz-test");
  client.destroy();
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamoDb.endpoint });
  const services = new DynamoDbServiceRepository(documents, tableName);
  await services.put(aService({ clientId: "acme", plan: "managed" }));
  await services.put(aService({ clientId: "globex", plan: "self-managed" }));
  const seed = async (clientId: string, refIds: string[], givenName: string, familyName: string) => {
    for (const refId of refIds) {
      const profile = aProfile({
        clientId,
        refId,
        status: "approved",
        identity: { givenName, familyName, dob: "1991-02-03", nationality: "PT" },
      });
      recordIds[clientId as "acme" | "globex"].push(profile.recordId);
      await documents.send(new PutCommand({ TableName: tableName, Item: profileToItem(profile) }));
    }
  };
  await seed("acme", ACME.refIds, ACME.givenName, ACME.familyName);
  await seed("globex", GLOBEX.refIds, GLOBEX.givenName, GLOBEX.familyName);

  // Handlers read TABLE_NAME and the SDK endpoint from the environment, as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
  });
  const { createApiAuthorizer } = await import("../../lambdas/handlers/api-authorizer.js");
  const { createOpsApiKeys } = await import("../../lambdas/handlers/ops-api-keys.js");
  const statusProfile = await import("../../lambdas/handlers/status-profile.js");
  const statusApplicants = await import("../../lambdas/handlers/status-applicants.js");
  handlers = { profile: statusProfile.handler as never, applicants: statusApplicants.handler as never };

  const apiKeys = new DynamoDbApiKeyStore(documents, tableName);
  const clock = new SystemClock();
  // Lock-outs are tested with the authorizer; here they would only turn the valid keys' answers into 401s.
  const limits = { perKey: 1_000_000, perSource: 1_000_000, windowSeconds: 60 };
  const authorizer = createApiAuthorizer(() => ({
    apiKeys,
    failures: new DynamoDbAuthFailureCounter(documents, tableName),
    services,
    clock,
    limits,
  }));
  authorize = authorizer as typeof authorize;
  const ops = createOpsApiKeys(() => ({
    apiKeys,
    services,
    clock,
    randomBytes: (size) => randomBytes(size),
  }));
  const create = async (clientId: string, scope: "status" | "status+identity") => {
    const response = await ops({ action: "create", clientId, scope, operator: "fuzz" });
    if (response.status !== "success") throw new Error(JSON.stringify(response));
    return (response.data as { apiKey: string }).apiKey;
  };
  keys.acme = await create("acme", "status");
  keys.globex = await create("globex", "status");
  keys.shopIdentity = await create("globex", "status+identity");
}, 120_000);

afterAll(async () => {
  documents?.destroy();
  await dynamoDb?.stop();
});

interface FuzzRequest {
  route: Route;
  clientId: string;
  refId: string;
  status: string;
  authorization: string | null;
  query: Record<string, string> | null;
  body: string | null;
}

/** API Gateway in front of the authorizer and the handlers. */
async function send(
  request: FuzzRequest,
): Promise<{ statusCode: number; body: string; keyClientId: string | null }> {
  const resource = ROUTES[request.route];
  const pathParameters: Record<string, string> = { clientId: request.clientId };
  if (request.route === "refId") pathParameters.refId = request.refId;
  if (request.route === "recordId") pathParameters.recordId = request.refId;
  if (request.route === "applicantsByStatus") pathParameters.status = request.status;
  const headers: Record<string, string> =
    request.authorization === null ? {} : { Authorization: request.authorization };
  const gatewayRequest = { resource, pathParameters, headers, sourceIp: "192.0.2.7" };
  let context: Record<string, string>;
  try {
    const policy = await authorize(authorizerEvent(gatewayRequest));
    if (!isInvokeAllowed(policy.policyDocument, methodArnOf(gatewayRequest))) {
      return { statusCode: 403, body: "", keyClientId: policy.context.clientId ?? null };
    }
    context = policy.context;
  } catch (error) {
    if ((error as Error).message === "Unauthorized") return { statusCode: 401, body: "", keyClientId: null };
    throw error;
  }
  const event = {
    ...restApiEvent({ method: "GET", resource, pathParameters, headers, authorizer: context }),
    queryStringParameters: request.query,
    body: request.body,
  };
  const handler =
    request.route === "refId" || request.route === "recordId" ? handlers.profile : handlers.applicants;
  const result = await handler(event as never, lambdaContext("status") as never);
  return { statusCode: result.statusCode, body: result.body, keyClientId: context.clientId ?? null };
}

const NASTY_STRINGS = [
  "' OR '1'='1",
  '"; DROP TABLE main; --',
  "${jndi:ldap://x}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "acme#user-1",
  "gx-user-1",
  "globex",
  "%00",
  "\u0000",
  "\uFEFFacme",
  "ａｃｍｅ",
  "😀",
  "\u202Egx-user-1",
  '{"$ne":null}',
  "a".repeat(10_000),
  "",
  " ",
];
const text = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom(...ACME.refIds, ...GLOBEX.refIds),
);

/** Valid keys, keys with a flipped character, other services' keys, garbage, and header syntax variants. */
const authorizationArbitrary = () =>
  fc.oneof(
    fc.constant(null),
    text,
    {
      weight: 4,
      arbitrary: fc
        .constantFrom("acme", "globex", "shopIdentity")
        .map((name) => keys[name as keyof typeof keys]),
    },
    fc
      .tuple(fc.constantFrom("acme", "globex"), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
      .map(([name, at, char]) => {
        const key = keys[name as "acme" | "globex"];
        const index = at % key.length;
        return `${key.slice(0, index)}${char}${key.slice(index + 1)}`;
      }),
    fc
      .tuple(
        fc.constantFrom("Bearer ", "bearer ", "Basic ", "Bearer  ", " "),
        fc.constantFrom("acme", "globex"),
      )
      .map(([prefix, name]) => `${prefix}${keys[name as "acme" | "globex"]}`),
    fc.constantFrom("acme", "globex").map((name) => `${keys[name as "acme" | "globex"]}, ${keys.acme}`),
  );

const requestArbitrary = () =>
  fc.record({
    route: fc.constantFrom<Route>("refId", "recordId", "applicants", "applicantsByStatus"),
    clientId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("acme", "globex", "ACME", "unknown") }, text),
    refId: fc.oneof(text, { weight: 2, arbitrary: fc.constantFrom(...knownIds()) }),
    status: fc.oneof(fc.constantFrom("approved", "waiting", "archived", "APPROVED"), text),
    authorization: authorizationArbitrary(),
    query: fc.option(
      fc.dictionary(fc.constantFrom("skip", "limit", "status", "clientId", "__proto__"), text, {
        maxKeys: 3,
      }),
    ),
    body: fc.option(
      fc.oneof(
        text,
        fc.json(),
        fc.constant(`{"a":${"[".repeat(5000)}`),
        fc.constantFrom(1, 6).map((megabytes) => "x".repeat(megabytes * 1024 * 1024)),
      ),
    ),
  });

/** A well-formed request of a service with its own valid key (the tests fill in what they vary). */
function ownServiceRequest(name: "acme" | "globex") {
  return {
    route: "refId" as Route,
    clientId: name,
    refId: "",
    status: "approved",
    authorization: keys[name],
    query: null,
    body: null,
  };
}

/** Both services' refIds and recordIds (filled in beforeAll; arbitraries are built inside the tests). */
function knownIds(): string[] {
  return [...ACME.refIds, ...GLOBEX.refIds, ...recordIds.acme, ...recordIds.globex];
}

function leaksOtherService(answer: string, keyClientId: string | null): boolean {
  const other = keyClientId === "acme" ? GLOBEX : ACME;
  const otherRecordIds = keyClientId === "acme" ? recordIds.globex : recordIds.acme;
  return [...other.refIds, ...otherRecordIds, other.givenName, other.familyName].some((value) =>
    answer.includes(value),
  );
}

describe("fuzzing the authorizer and the status API", () => {
  it("never answers 5xx and never returns another service's data", async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(), async (request) => {
        const { statusCode, body, keyClientId } = await send(request);
        seen.add(statusCode);
        expect(statusCode).toBeLessThan(500);
        expect([200, 400, 401, 403, 404]).toContain(statusCode);
        if (statusCode === 200) {
          expect(keyClientId).toBe(request.clientId);
          expect(leaksOtherService(body, keyClientId)).toBe(false);
          // acme is on a managed plan: never personal data, whatever the key.
          if (keyClientId === "acme") expect(body).not.toMatch(/Anabela|Pereira|1991-02-03|identity/);
        }
        if (statusCode >= 400 && body !== "") {
          expect(JSON.parse(body)).toEqual({
            status: "error",
            code: statusCode,
            message: expect.any(String),
          });
        }
      }),
      {
        numRuns: 200,
        // A valid key asking for an unknown profile of its own service (404) is about 1 draw in 70: without
        // these examples one run in 16 never saw a 404. They run first; the random draws follow.
        examples: [
          [{ ...ownServiceRequest("acme"), refId: "no-such-user" }],
          [{ ...ownServiceRequest("globex"), route: "recordId" as Route, refId: "no-such-record" }],
        ],
      },
    );
    // The property was exercised on answers with data, not only on refusals.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 401, 403, 404]));
  });

  it("answers a valid key's own records and refuses it everything of the other service", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("acme", "globex"),
        fc.constantFrom("acme", "globex"),
        async (keyOf, pathOf) => {
          const refIds = pathOf === "acme" ? ACME.refIds : GLOBEX.refIds;
          const answer = await send({
            route: "refId",
            clientId: pathOf,
            refId: refIds[0]!,
            status: "approved",
            authorization: keys[keyOf as "acme" | "globex"],
            query: null,
            body: null,
          });
          expect(answer.statusCode).toBe(keyOf === pathOf ? 200 : 403);
        },
      ),
      { numRuns: 8 },
    );
  });
});
