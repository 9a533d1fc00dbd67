import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { topology } from "../../../infra/topology/manifest.js";
import type { ApiSpec } from "../../../infra/topology/types.js";
import { LocalApiGateway } from "../../../scripts/local/api-gateway.js";
import { startApiServer, type ApiServer } from "../../../scripts/local/api-server.js";
import { apiRoutesOf } from "../../../scripts/local/api-routes.js";
import { FunctionHost } from "../../../scripts/local/function-host.js";
import { RequestAuthorizer } from "../../../scripts/local/request-authorizer.js";
import { silentLog } from "../../../scripts/local/stack-log.js";
import { recorder, resetRecorder } from "./fixtures/recorded-events.js";
import { fixtureFunction, projectRoot } from "./support.js";

const PER_KEY = { rateLimit: 2, burstLimit: 3 };
const api: ApiSpec = {
  ...topology.api,
  integrationTimeoutSeconds: 1,
  perKeyThrottle: { ...topology.api.perKeyThrottle, intake: PER_KEY },
};
const functions = [
  fixtureFunction("authorizer", "key-authorizer"),
  fixtureFunction("echo", "echo-handler", {
    triggers: [
      { kind: "http", method: "POST", path: "/things/{id}", auth: "intake" },
      { kind: "http", method: "GET", path: "/other/{id}", auth: "intake" },
      { kind: "http", method: "GET", path: "/public", auth: "none" },
    ],
  }),
  fixtureFunction("results", "proxy-results-handler", {
    triggers: [{ kind: "http", method: "GET", path: "/results/{kind}", auth: "none" }],
  }),
];

describe("the local API", () => {
  let host: FunctionHost;
  let server: ApiServer;
  let now = 0;

  beforeAll(async () => {
    host = await FunctionHost.load(functions, projectRoot);
    const authorizer = new RequestAuthorizer(
      { functionName: "authorizer", identityHeaders: ["Authorization"], resultsCacheTtlSeconds: 60 },
      host,
      () => now,
    );
    const gateway = new LocalApiGateway(api, apiRoutesOf(functions), authorizer, host, () => now);
    server = await startApiServer({ port: 0, api, gateway, log: silentLog, maxRequestBodyBytes: 1024 });
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    resetRecorder();
    // Each test starts past the previous test's cache entries.
    now += 3_600_000;
  });

  const call = async (method: string, path: string, init: { key?: string; body?: string } = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: init.key === undefined ? {} : { Authorization: init.key },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  it("listens on 127.0.0.1", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("runs the authorizer first and hands its context, as strings, to the handler", async () => {
    const answer = await call("POST", "/things/42?x=1", { key: "good", body: '{"a":1}' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-single")).toBe("one");
    expect(answer.headers.get("x-multi")).toBe("a, b");
    expect(answer.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const [authorizerEvent] = recorder().events.authorizer as { methodArn: string; type: string }[];
    expect(authorizerEvent).toMatchObject({
      type: "REQUEST",
      methodArn: "arn:aws:execute-api:us-east-1:000000000000:local-api/local/POST/things/42",
    });
    const [event] = recorder().events.echo as {
      body: string;
      pathParameters: unknown;
      requestContext: { authorizer: unknown };
    }[];
    expect(event?.body).toBe('{"a":1}');
    expect(event?.pathParameters).toEqual({ id: "42" });
    expect(event?.requestContext.authorizer).toMatchObject({
      clientId: "acme",
      scope: "intake",
      count: "3",
      admin: "false",
      principalId: "key-good",
    });
  });

  it("answers 401 without calling the authorizer when the identity header is missing", async () => {
    const answer = await call("POST", "/things/1");
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({ status: "error", code: 401, message: "Unauthorized" });
    expect(answer.headers.get("x-amzn-errortype")).toBe("UnauthorizedException");
    expect(recorder().events.authorizer).toBeUndefined();
  });

  it("answers 401 when the authorizer throws Unauthorized, 500 when it fails otherwise", async () => {
    expect((await call("POST", "/things/1", { key: "stranger" })).status).toBe(401);
    const broken = await call("POST", "/things/1", { key: "broken" });
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.text)).toEqual({
      status: "error",
      code: 500,
      message: "Authorizer configuration error",
    });
    expect((await call("POST", "/things/1", { key: "odd" })).status).toBe(500);
    expect(recorder().events.echo).toBeUndefined();
  });

  it("answers 403 with API Gateway's message on an explicit deny", async () => {
    const answer = await call("POST", "/things/1", { key: "deny-me" });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toEqual({
      status: "error",
      code: 403,
      message: "User is not authorized to access this resource with an explicit deny",
    });
  });

  it("caches the policy per key: a cached policy that does not cover another route denies it", async () => {
    expect((await call("POST", "/things/1", { key: "good" })).status).toBe(200);
    expect((await call("POST", "/things/2", { key: "good" })).status).toBe(200);
    expect(recorder().events.authorizer).toHaveLength(1);
    const other = await call("GET", "/other/1", { key: "good" });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text).message).toBe("User is not authorized to access this resource");
    now += 61_000;
    await call("POST", "/things/3", { key: "good" });
    expect(recorder().events.authorizer).toHaveLength(2);
  });

  it("limits each usage identifier to its scope's rate: 429 with Retry-After, other keys unaffected", async () => {
    const burst = [];
    for (let i = 0; i < PER_KEY.burstLimit; i += 1)
      burst.push(await call("POST", "/things/1", { key: "metered-a" }));
    expect(burst.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const over = await call("POST", "/things/1", { key: "metered-a" });
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("1");
    expect(JSON.parse(over.text)).toEqual({ status: "error", code: 429, message: "Too many requests" });
    expect(recorder().events.echo).toHaveLength(PER_KEY.burstLimit);
    // Another key of the same service has its own bucket.
    expect((await call("POST", "/things/1", { key: "metered-b" })).status).toBe(200);
    // Half a second refills one token at 2 per second: one more request, not two.
    now += 500;
    expect((await call("POST", "/things/1", { key: "metered-a" })).status).toBe(200);
    expect((await call("POST", "/things/1", { key: "metered-a" })).status).toBe(429);
    // An answer without a usage identifier is not limited per key.
    for (let i = 0; i < PER_KEY.burstLimit + 2; i += 1) {
      expect((await call("POST", "/things/1", { key: "good" })).status).toBe(200);
    }
  });

  it("serves public routes without the authorizer", async () => {
    expect((await call("GET", "/public")).status).toBe(200);
    expect(recorder().events.authorizer).toBeUndefined();
  });

  it("answers 404 in the error envelope for unknown routes and methods", async () => {
    for (const [method, path] of [
      ["GET", "/nowhere"],
      ["DELETE", "/public"],
    ]) {
      const answer = await call(method!, path!);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text)).toEqual({ status: "error", code: 404, message: "Not found" });
    }
  });

  it("refuses bodies over the limit with 413 before any function runs", async () => {
    const answer = await call("POST", "/things/1", { key: "good", body: "x".repeat(2048) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({
      status: "error",
      code: 413,
      message: "Request body too large",
    });
    expect(recorder().events.authorizer).toBeUndefined();
  });

  it("also refuses a chunked body (no Content-Length) once it grows past the limit", async () => {
    const chunks = [Buffer.alloc(700, "a"), Buffer.alloc(700, "b")];
    const response = await fetch(`${server.url}/things/1`, {
      method: "POST",
      headers: { Authorization: "good" },
      body: new ReadableStream({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk === undefined) controller.close();
          else controller.enqueue(chunk);
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(recorder().events.echo).toBeUndefined();
  });

  it("turns handler failures, malformed results and timeouts into 502 and 504", async () => {
    expect((await call("GET", "/results/throw")).status).toBe(502);
    const malformed = await call("GET", "/results/malformed");
    expect(malformed.status).toBe(502);
    expect(JSON.parse(malformed.text)).toEqual({
      status: "error",
      code: 502,
      message: "Internal server error",
    });
    expect((await call("GET", "/results/slow")).status).toBe(504);
  });

  it("decodes base64 bodies and allows empty ones", async () => {
    const binary = await call("GET", "/results/base64");
    expect(binary).toMatchObject({ status: 201, text: "binary ok" });
    expect(await call("GET", "/results/empty")).toMatchObject({ status: 204, text: "" });
  });
});
