import { describe, expect, it } from "@jest/globals";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import {
  ConflictError,
  ForbiddenTransitionError,
  NotEntitledError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from "../../../lambdas/domain/errors.js";
import { exposedErrorOf } from "../../../lambdas/shared/error-status.js";
import { createHttpError } from "../../../lambdas/shared/http-error.js";
import { httpErrorResponses } from "../../../lambdas/shared/http-error-middleware.js";
import { jsonBody, type JsonBodyEvent } from "../../../lambdas/shared/json-body-middleware.js";
import { requireServicePrincipal } from "../../../lambdas/shared/service-principal.js";
import { lambdaContext, restApiEvent } from "../../support/lambda-events.js";

describe("error exposure", () => {
  it.each([
    [new ValidationError("must be set", "identity.dob"), 400, "Invalid identity.dob: must be set"],
    [new NotFoundError("Profile not found"), 404, "Profile not found"],
    [new ConflictError("Profile is blocked"), 409, "Profile is blocked"],
    [new VersionConflictError("changed"), 409, "changed"],
    [new ForbiddenTransitionError("approved -> waiting"), 409, "approved -> waiting"],
    [new NotEntitledError("plan"), 403, "plan"],
    [createHttpError(413, "too big"), 413, "too big"],
    [createHttpError(502, "upstream said: secret"), 500, "Internal server error"],
    [new TypeError("cannot read x of undefined"), 500, "Internal server error"],
    ["a string", 500, "Internal server error"],
  ])("maps %p to %i", (error, statusCode, message) => {
    expect(exposedErrorOf(error)).toEqual({ statusCode, message });
  });
});

describe("http middlewares", () => {
  const logger = new Logger({ logLevel: "SILENT" });
  const echo = middy<JsonBodyEvent, APIGatewayProxyResult>()
    .use(httpErrorResponses(logger))
    .use(jsonBody({ maxBytes: 100 }))
    .handler(async (event) => {
      if ((event.body as { fail?: boolean }).fail) throw new Error("database password is hunter2");
      return { statusCode: 200, body: JSON.stringify(event.body) };
    });
  const call = (rawBody: string | undefined, isBase64Encoded = false, headers?: Record<string, string>) => {
    const event = restApiEvent({
      method: "POST",
      resource: "/x",
      pathParameters: {},
      ...(rawBody === undefined ? {} : { rawBody }),
      ...(headers === undefined ? {} : { headers }),
    });
    return echo({ ...event, isBase64Encoded } as unknown as JsonBodyEvent, lambdaContext("test"));
  };

  it("parses JSON bodies, including base64-encoded ones", async () => {
    expect((await call('{"a":1}')).body).toBe('{"a":1}');
    expect((await call(Buffer.from('{"b":2}').toString("base64"), true)).body).toBe('{"b":2}');
  });

  it("answers the error envelope for missing, malformed and oversized bodies", async () => {
    expect(JSON.parse((await call(undefined)).body)).toEqual({
      status: "error",
      code: 400,
      message: expect.any(String),
    });
    expect((await call("{oops")).statusCode).toBe(400);
    expect((await call(JSON.stringify({ text: "é".repeat(60) }))).statusCode).toBe(413);
  });

  it.each([
    ["text/plain", 415],
    ["application/x-www-form-urlencoded", 415],
    ["multipart/form-data; boundary=x", 415],
    ["", 415],
    ["application/json; charset=utf-8", 200],
    ["Application/JSON", 200],
    ["application/merge-patch+json", 200],
  ])("answers Content-Type %p with %i", async (contentType, statusCode) => {
    const response = await call('{"a":1}', false, { "Content-Type": contentType });
    expect(response.statusCode).toBe(statusCode);
    if (statusCode === 415) {
      expect(JSON.parse(response.body)).toEqual({
        status: "error",
        code: 415,
        message: expect.stringContaining("send application/json"),
      });
    }
  });

  it("hides internals of unexpected errors", async () => {
    const response = await call('{"fail":true}');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("hunter2");
    expect(JSON.parse(response.body)).toEqual({
      status: "error",
      code: 500,
      message: "Internal server error",
    });
  });
});

describe("service principal", () => {
  const eventWith = (authorizer: Record<string, string> | null) =>
    restApiEvent({ method: "POST", resource: "/x", pathParameters: {}, authorizer });

  it("accepts the service's own principal with the scope", () => {
    expect(
      requireServicePrincipal(
        eventWith({ clientId: "acme", scope: "status intake", principalId: "k1" }),
        "acme",
        "intake",
      ),
    ).toEqual({
      principalId: "k1",
      clientId: "acme",
      scopes: ["status", "intake"],
    });
  });

  it.each([
    [null, "acme", 401],
    [{ clientId: "acme" }, "acme", 401],
    [{ clientId: "other", scope: "intake" }, "acme", 403],
    [{ clientId: "acme", scope: "status" }, "acme", 403],
    [{ clientId: "acme", scope: "intake" }, undefined, 403],
  ])("refuses %p on %p with %i", (authorizer, pathClientId, statusCode) => {
    expect(() => requireServicePrincipal(eventWith(authorizer), pathClientId, "intake")).toThrow(
      expect.objectContaining({ statusCode }),
    );
  });
});
