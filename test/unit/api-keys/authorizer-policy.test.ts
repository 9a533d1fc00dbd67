import { describe, expect, it } from "@jest/globals";
import type { KeyPrincipal } from "../../../lambdas/domain/api-keys/authorize.js";
import {
  apiOfMethodArn,
  authorizerPolicyOf,
  MalformedMethodArnError,
  UndeniableRequestError,
} from "../../../lambdas/domain/api-keys/authorizer-policy.js";
import { arnMatches, isInvokeAllowed } from "../../../lambdas/domain/api-keys/policy-evaluation.js";
import { API_ARN, STAGE } from "./support/authorizer-event.js";

const statusKey: KeyPrincipal = {
  keyId: "abcdefghijk234ab",
  clientId: "acme",
  keyScope: "status",
  plan: "managed",
  grants: ["status"],
};
const arn = (method: string, path: string) => `${API_ARN}/${STAGE}/${method}${path}`;

describe("authorizer policy", () => {
  it("allows every route of the key's service and scope, so a cached answer is right on any route", () => {
    const policy = authorizerPolicyOf(statusKey, arn("GET", "/kyc/1.0/connect/acme/refId/u1"), "Allow");
    expect(policy.principalId).toBe(statusKey.keyId);
    expect(policy.context).toEqual({
      clientId: "acme",
      keyId: statusKey.keyId,
      plan: "managed",
      scope: "status",
      keyScope: "status",
    });
    // Names the key, not its secret: API Gateway applies the key's usage-plan limit by it.
    expect(policy.usageIdentifierKey).toBe(`kya-usage-${statusKey.keyId}`);
    // API Gateway's bounds for an API key value.
    expect(policy.usageIdentifierKey.length).toBeGreaterThanOrEqual(20);
    expect(policy.usageIdentifierKey.length).toBeLessThanOrEqual(128);
    const allowed = (method: string, path: string) =>
      isInvokeAllowed(policy.policyDocument, arn(method, path));
    expect(allowed("GET", "/kyc/1.0/connect/acme/refId/u1")).toBe(true);
    expect(allowed("GET", "/kyc/1.0/connect/acme/recordId/5f0c")).toBe(true);
    expect(allowed("GET", "/kyc/1.0/connect/acme/applicants/approved")).toBe(true);
    expect(allowed("POST", "/kyc/1.0/connect/acme/refId/u1/archive")).toBe(true);
    // Other services, other scopes, other stages and look-alike ids stay out.
    expect(allowed("GET", "/kyc/1.0/connect/acme2/refId/u1")).toBe(false);
    expect(allowed("GET", "/kyc/1.0/connect/other/refId/u1")).toBe(false);
    expect(allowed("POST", "/intake/1.0/acme/profiles")).toBe(false);
    expect(allowed("GET", "/kyc/1.0/connect/other/refId/x/GET/kyc/1.0/connect/acme/refId/u1")).toBe(false);
    expect(isInvokeAllowed(policy.policyDocument, `${API_ARN}/test/GET/kyc/1.0/connect/acme/refId/u1`)).toBe(
      false,
    );
  });

  it("denies the request's route while still allowing the key's own routes", () => {
    const foreign = arn("GET", "/kyc/1.0/connect/other/refId/u1");
    const policy = authorizerPolicyOf(statusKey, foreign, "Deny");
    expect(policy.policyDocument.Statement.at(-1)).toEqual({
      Action: "execute-api:Invoke",
      Effect: "Deny",
      Resource: [foreign],
    });
    expect(isInvokeAllowed(policy.policyDocument, foreign)).toBe(false);
    expect(isInvokeAllowed(policy.policyDocument, arn("GET", "/kyc/1.0/connect/acme/refId/u1"))).toBe(true);
  });

  it("does not turn a request path holding wildcards into a wildcard Deny", () => {
    const wildcard = arn("GET", "/kyc/1.0/connect/*/refId/u1");
    const policy = authorizerPolicyOf(statusKey, wildcard, "Deny");
    // The only Deny is the fixed one withholding the review routes, never the request's pattern.
    const denied = policy.policyDocument.Statement.filter((statement) => statement.Effect === "Deny");
    expect(denied.flatMap((statement) => statement.Resource)).not.toContain(wildcard);
    expect(isInvokeAllowed(policy.policyDocument, wildcard)).toBe(false);
    expect(isInvokeAllowed(policy.policyDocument, arn("GET", "/kyc/1.0/connect/acme/refId/u1"))).toBe(true);
  });

  it("refuses to answer a denied request whose wildcard method ARN matches the key's own routes", () => {
    const inconsistent = arn("GET", "/kyc/1.0/connect/acme/*/refId/u1");
    expect(() => authorizerPolicyOf(statusKey, inconsistent, "Deny")).toThrow(UndeniableRequestError);
    expect(
      isInvokeAllowed(authorizerPolicyOf(statusKey, inconsistent, "Allow").policyDocument, inconsistent),
    ).toBe(true);
  });

  it("withholds the review routes from a status key and gives a review key only those", () => {
    const statusPolicy = authorizerPolicyOf(statusKey, arn("GET", "/kyc/1.0/connect/acme/refId/u1"), "Allow");
    const statusAllowed = (method: string, path: string) =>
      isInvokeAllowed(statusPolicy.policyDocument, arn(method, path));
    expect(statusAllowed("GET", "/kyc/1.0/connect/acme/applicants")).toBe(true);
    expect(statusAllowed("GET", "/kyc/1.0/connect/acme/review")).toBe(false);
    expect(statusAllowed("GET", "/kyc/1.0/connect/acme/review/u1")).toBe(false);
    expect(statusAllowed("POST", "/kyc/1.0/connect/acme/review/u1/decision")).toBe(false);
    // A refId that merely starts with "review" is a status route.
    expect(statusAllowed("GET", "/kyc/1.0/connect/acme/refId/review")).toBe(true);

    const reviewKey: KeyPrincipal = { ...statusKey, keyScope: "review", plan: "payg", grants: ["review"] };
    const reviewPolicy = authorizerPolicyOf(reviewKey, arn("GET", "/kyc/1.0/connect/acme/review"), "Allow");
    const reviewAllowed = (method: string, path: string) =>
      isInvokeAllowed(reviewPolicy.policyDocument, arn(method, path));
    expect(reviewAllowed("GET", "/kyc/1.0/connect/acme/review")).toBe(true);
    expect(reviewAllowed("GET", "/kyc/1.0/connect/acme/review/u1")).toBe(true);
    expect(reviewAllowed("POST", "/kyc/1.0/connect/acme/review/u1/decision")).toBe(true);
    expect(reviewAllowed("GET", "/kyc/1.0/connect/acme/refId/u1")).toBe(false);
    expect(reviewAllowed("GET", "/kyc/1.0/connect/other/review")).toBe(false);
    expect(reviewPolicy.context.scope).toBe("review");
  });

  it("allows nothing to a review key of a service moved to a managed plan", () => {
    const moved: KeyPrincipal = { ...statusKey, keyScope: "review", plan: "managed", grants: [] };
    const request = arn("GET", "/kyc/1.0/connect/acme/review");
    const policy = authorizerPolicyOf(moved, request, "Deny");
    expect(policy.policyDocument.Statement.every((statement) => statement.Effect === "Deny")).toBe(true);
    expect(isInvokeAllowed(policy.policyDocument, request)).toBe(false);
    expect(isInvokeAllowed(policy.policyDocument, arn("GET", "/kyc/1.0/connect/acme/refId/u1"))).toBe(false);
  });

  it("gives an intake key the intake routes and an identity grant only as context", () => {
    const intake = authorizerPolicyOf(
      { ...statusKey, keyScope: "intake", grants: ["intake"] },
      arn("POST", "/intake/1.0/acme/profiles"),
      "Allow",
    );
    expect(
      isInvokeAllowed(intake.policyDocument, arn("POST", "/intake/1.0/acme/profiles/u1/certificates")),
    ).toBe(true);
    expect(isInvokeAllowed(intake.policyDocument, arn("GET", "/kyc/1.0/connect/acme/refId/u1"))).toBe(false);
    const identity = authorizerPolicyOf(
      { ...statusKey, keyScope: "status+identity", plan: "payg", grants: ["status", "identity"] },
      arn("GET", "/kyc/1.0/connect/acme/refId/u1"),
      "Allow",
    );
    expect(identity.context.scope).toBe("status identity");
    expect(identity.context.keyScope).toBe("status+identity");
  });

  it.each([
    "",
    "*",
    "arn:aws:execute-api:us-east-1:123456789012:abc123",
    "arn:aws:s3:::bucket/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:abc*/prod/GET/x",
    "arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/x",
  ])("refuses a method ARN that is not one: %j", (methodArn) => {
    expect(() => apiOfMethodArn(methodArn)).toThrow(MalformedMethodArnError);
  });

  it("matches ARN patterns as IAM does (* spans slashes, ? one character)", () => {
    expect(arnMatches("a/*/c", "a/b/x/c")).toBe(true);
    expect(arnMatches("a/?/c", "a/b/c")).toBe(true);
    expect(arnMatches("a/?/c", "a/bb/c")).toBe(false);
    expect(arnMatches("a.b", "aXb")).toBe(false);
    expect(
      isInvokeAllowed({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }, "x"),
    ).toBe(false);
  });
});
