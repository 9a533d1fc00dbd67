import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import {
  KycApiError,
  KycRateLimitError,
  KycTimeoutError,
  StatusClient,
  retryAfterSeconds,
} from "@kyc-attest/sdk";

/** A real HTTP server answering from a script of responses, recording each request. */
type Answer = { status: number; headers?: Record<string, string>; body?: unknown; holdMs?: number };
let answers: Answer[] = [];
const requests: { url: string; authorization: string | undefined; at: number }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({ url: request.url ?? "", authorization: request.headers.authorization, at: Date.now() });
    const answer = answers.shift() ?? {
      status: 500,
      body: { status: "error", code: 500, message: "unscripted" },
    };
    const send = () => response.writeHead(answer.status, answer.headers).end(JSON.stringify(answer.body));
    if (answer.holdMs === undefined) send();
    else setTimeout(send, answer.holdMs).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  answers = [];
  requests.length = 0;
});

const record = (refId: string) => ({ refId, recordId: `r-${refId}`, status: "approved", submitCount: 1 });
const page = (refIds: string[], total: number, skip: number) => ({
  status: 200,
  body: { status: "success", data: { records: refIds.map(record), total, skip, limit: 2 } },
});
const client = (options: { timeoutMs?: number; maxRetries?: number } = {}) =>
  new StatusClient({ baseUrl: `${baseUrl}/`, clientId: "acme co", apiKey: "key-1", ...options });

describe("StatusClient", () => {
  it("reads a status with the key and an encoded path", async () => {
    answers = [{ status: 200, body: { status: "success", data: record("user/1") } }];
    await expect(client().getByRefId("user/1")).resolves.toMatchObject({ refId: "user/1" });
    expect(requests).toEqual([
      expect.objectContaining({ url: "/kyc/1.0/connect/acme%20co/refId/user%2F1", authorization: "key-1" }),
    ]);
  });

  it("pages through every applicant of a status", async () => {
    answers = [page(["a", "b"], 3, 0), page(["c"], 3, 2)];
    const seen: string[] = [];
    for await (const applicant of client().applicants({ status: "approved", limit: 2 }))
      seen.push(applicant.refId);
    expect(seen).toEqual(["a", "b", "c"]);
    expect(requests.map((request) => request.url)).toEqual([
      "/kyc/1.0/connect/acme%20co/applicants/approved?skip=0&limit=2",
      "/kyc/1.0/connect/acme%20co/applicants/approved?skip=2&limit=2",
    ]);
  });

  it("throws the API's error as KycApiError", async () => {
    answers = [{ status: 404, body: { status: "error", code: 404, message: "no profile with this refId" } }];
    const failure = client().getByRefId("nobody");
    await expect(failure).rejects.toBeInstanceOf(KycApiError);
    await expect(failure).rejects.toMatchObject({ status: 404, message: "no profile with this refId" });
  });

  it("waits as Retry-After says after a 429, then succeeds", async () => {
    answers = [
      {
        status: 429,
        headers: { "Retry-After": "1" },
        body: { status: "error", code: 429, message: "slow down" },
      },
      { status: 200, body: { status: "success", data: record("u") } },
    ];
    await expect(client().getByRefId("u")).resolves.toMatchObject({ refId: "u" });
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("gives up with KycRateLimitError after the configured retries", async () => {
    const limited = { status: 429, headers: { "Retry-After": "0" }, body: { status: "error", code: 429 } };
    answers = [limited, limited];
    await expect(client({ maxRetries: 1 }).getByRefId("u")).rejects.toMatchObject({
      name: "KycRateLimitError",
      retryAfterSeconds: 0,
    });
    expect(requests).toHaveLength(2);
    expect(KycRateLimitError.prototype).toBeInstanceOf(KycApiError);
  });

  it("times out an attempt that gets no answer", async () => {
    answers = [{ status: 200, body: { status: "success", data: record("u") }, holdMs: 2_000 }];
    await expect(client({ timeoutMs: 100 }).getByRefId("u")).rejects.toBeInstanceOf(KycTimeoutError);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterSeconds("7")).toBe(7);
    expect(retryAfterSeconds(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds("soon")).toBeNull();
  });
});
