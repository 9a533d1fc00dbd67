import { describe, expect, it } from "@jest/globals";
import type { StatusReader } from "../../../lambdas/domain/business-api/ports.js";
import type { Profile } from "../../../lambdas/domain/profile.js";
import { createStatusApplicants } from "../../../lambdas/handlers/status-applicants.js";
import { createStatusProfile } from "../../../lambdas/handlers/status-profile.js";
import { aProfile, aService } from "../../support/domain-builders.js";
import { lambdaContext, restApiEvent } from "../../support/lambda-events.js";

const AUTHORIZER = {
  clientId: "acme",
  keyId: "abcdefghijklmnop",
  plan: "managed",
  scope: "status",
  keyScope: "status",
};

class ThrottlingException extends Error {
  override readonly name = "ThrottlingException";
}

const readerThat = (getProfile: () => Promise<Profile | null>): StatusReader => ({
  getService: async () => aService(),
  getProfileWithOnchain: async () => ({ profile: await getProfile(), onchain: null }),
  refIdOfRecord: async () => null,
});

const byRefId = (handler: ReturnType<typeof createStatusProfile>) =>
  handler(
    restApiEvent({
      method: "GET",
      resource: "/kyc/1.0/connect/{clientId}/refId/{refId}",
      pathParameters: { clientId: "acme", refId: "user-1" },
      authorizer: AUTHORIZER,
    }),
    lambdaContext("status-profile"),
  );

describe("status handlers' error mapping", () => {
  it("answers a throttled read 429 with Retry-After, as API Gateway does", async () => {
    const handler = createStatusProfile(() =>
      readerThat(async () => {
        throw new ThrottlingException("Rate of requests exceeds the allowed throughput");
      }),
    );
    const result = await byRefId(handler);
    expect(result.statusCode).toBe(429);
    expect(result.headers?.["Retry-After"]).toBe("1");
    expect(JSON.parse(result.body)).toEqual({ status: "error", code: 429, message: "Too many requests" });
  });

  it("answers any other failure 500 without its details", async () => {
    const handler = createStatusProfile(() =>
      readerThat(async () => {
        throw new Error("connect ECONNREFUSED 10.0.0.7:8000 (table kyc-main)");
      }),
    );
    const result = await byRefId(handler);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/ECONNREFUSED|kyc-main/);
  });

  it("answers the record when the reads succeed", async () => {
    const handler = createStatusProfile(() => readerThat(async () => aProfile({ status: "waiting" })));
    const result = await byRefId(handler);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).data.status).toBe("waiting");
  });

  it("checks paging before reading anything", async () => {
    let reads = 0;
    const counting = {
      getService: async () => {
        reads += 1;
        return aService();
      },
      index: {
        count: async () => ++reads,
        read: async () => [],
        onchainOf: async () => new Map(),
        reasonCodesOf: async () => new Map(),
      },
    };
    const handler = createStatusApplicants(() => counting);
    const event = {
      ...restApiEvent({
        method: "GET",
        resource: "/kyc/1.0/connect/{clientId}/applicants",
        pathParameters: { clientId: "acme" },
        authorizer: AUTHORIZER,
      }),
      queryStringParameters: { limit: "1000" },
    };
    const result = await handler(event, lambdaContext("status-applicants"));
    expect(result.statusCode).toBe(400);
    expect(reads).toBe(0);
  });

  it("filters by ?status= like the path, and refuses unknown or conflicting values before reading", async () => {
    const statusesCounted: string[] = [];
    const recording = {
      getService: async () => aService(),
      index: {
        count: async (_clientId: string, status: string) => {
          statusesCounted.push(status);
          return 0;
        },
        read: async () => [],
        onchainOf: async () => new Map(),
        reasonCodesOf: async () => new Map(),
      },
    };
    const handler = createStatusApplicants(() => recording);
    const list = (pathStatus: string | null, query: Record<string, string>) =>
      handler(
        {
          ...restApiEvent({
            method: "GET",
            resource: `/kyc/1.0/connect/{clientId}/applicants${pathStatus === null ? "" : "/{status}"}`,
            pathParameters:
              pathStatus === null ? { clientId: "acme" } : { clientId: "acme", status: pathStatus },
            authorizer: AUTHORIZER,
          }),
          queryStringParameters: query,
        },
        lambdaContext("status-applicants"),
      );
    expect((await list(null, { status: "blocked" })).statusCode).toBe(200);
    expect(statusesCounted).toEqual(["blocked"]);
    expect((await list("blocked", { status: "blocked" })).statusCode).toBe(200);
    const review = await list(null, { status: "review_requested" });
    expect(JSON.parse(review.body).data).toEqual({ records: [], total: 0, skip: 0, limit: 20 });
    statusesCounted.length = 0;
    const unknown = await list(null, { status: "pending" });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.parse(unknown.body).message).toMatch(/status/);
    expect((await list("approved", { status: "blocked" })).statusCode).toBe(400);
    expect(statusesCounted).toEqual([]);
  });
});
