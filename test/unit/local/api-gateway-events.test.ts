import { describe, expect, it } from "@jest/globals";
import {
  headerMapsOf,
  methodArnOf,
  proxyEventOf,
  queryMapsOf,
  requestAuthorizerEventOf,
  type ApiRequest,
} from "../../../scripts/local/api-gateway-events.js";
import { apiRoutesOf, matchRoute } from "../../../scripts/local/api-routes.js";
import { fixtureFunction } from "./support.js";

const [route] = apiRoutesOf([
  fixtureFunction("certs", "echo-handler", {
    triggers: [
      { kind: "http", method: "POST", path: "/intake/1.0/{clientId}/profiles/{refId}", auth: "intake" },
    ],
  }),
]);

const request: ApiRequest = {
  requestId: "req-1",
  receivedAt: new Date("2026-01-10T10:00:05.123Z"),
  method: "POST",
  rawPath: "/intake/1.0/acme/profiles/user%3A1",
  rawQuery: "tag=a&tag=b%20c&flag",
  rawHeaders: [
    "Host",
    "127.0.0.1:3000",
    "X-Trace",
    "one",
    "x-trace",
    "two",
    "User-Agent",
    "curl/8",
    "Authorization",
    "k",
  ],
  body: Buffer.from('{"a":1}'),
  sourceIp: "127.0.0.1",
};
const match = matchRoute([route!], "POST", request.rawPath)!;

describe("the REST proxy event", () => {
  const event = proxyEventOf(request, match, { clientId: "acme", scope: "intake", principalId: "key-1" });

  it("has the route's resource, the encoded path and the decoded path parameters", () => {
    expect(event).toMatchObject({
      resource: "/intake/1.0/{clientId}/profiles/{refId}",
      path: "/intake/1.0/acme/profiles/user%3A1",
      httpMethod: "POST",
      pathParameters: { clientId: "acme", refId: "user:1" },
      stageVariables: null,
      body: '{"a":1}',
      isBase64Encoded: false,
    });
  });

  it("keeps header names as sent; `headers` holds the last value of a repeated header", () => {
    expect(event.headers).toEqual({
      Host: "127.0.0.1:3000",
      "X-Trace": "one",
      "x-trace": "two",
      "User-Agent": "curl/8",
      Authorization: "k",
    });
    expect(headerMapsOf(["A", "1", "A", "2"])).toEqual({
      headers: { A: "2" },
      multiValueHeaders: { A: ["1", "2"] },
    });
  });

  it("decodes the query string into single and multi-value maps", () => {
    expect(event.queryStringParameters).toEqual({ tag: "b c", flag: "" });
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ["a", "b c"], flag: [""] });
    expect(queryMapsOf(null)).toEqual({ queryStringParameters: null, multiValueQueryStringParameters: null });
  });

  it("carries the authorizer's answer and the request's identity in the request context", () => {
    expect(event.requestContext).toMatchObject({
      authorizer: { clientId: "acme", scope: "intake", principalId: "key-1" },
      requestId: "req-1",
      resourcePath: "/intake/1.0/{clientId}/profiles/{refId}",
      path: "/local/intake/1.0/acme/profiles/user%3A1",
      stage: "local",
      httpMethod: "POST",
      requestTime: "10/Jan/2026:10:00:05 +0000",
      requestTimeEpoch: Date.parse("2026-01-10T10:00:05.123Z"),
      identity: { sourceIp: "127.0.0.1", userAgent: "curl/8" },
    });
  });

  it("has a null body and null maps when the request has none", () => {
    const bare = proxyEventOf(
      { ...request, body: Buffer.alloc(0), rawHeaders: [], rawQuery: null },
      match,
      null,
    );
    expect(bare).toMatchObject({
      body: null,
      headers: null,
      multiValueHeaders: null,
      queryStringParameters: null,
    });
    expect(bare.requestContext.authorizer).toBeNull();
  });
});

describe("the REQUEST authorizer event", () => {
  it("names the method ARN of the concrete request and carries headers and parameters", () => {
    const event = requestAuthorizerEventOf(request, match);
    expect(event).toMatchObject({
      type: "REQUEST",
      methodArn:
        "arn:aws:execute-api:us-east-1:000000000000:local-api/local/POST/intake/1.0/acme/profiles/user%3A1",
      resource: "/intake/1.0/{clientId}/profiles/{refId}",
      path: request.rawPath,
      httpMethod: "POST",
      headers: { Authorization: "k" },
      pathParameters: { clientId: "acme", refId: "user:1" },
      queryStringParameters: { tag: "b c", flag: "" },
    });
    expect(methodArnOf("GET", "/x")).toBe("arn:aws:execute-api:us-east-1:000000000000:local-api/local/GET/x");
  });
});
