import { describe, expect, it } from "@jest/globals";
import {
  evaluatePolicy,
  parseAuthorizerAnswer,
  proxyAuthorizerOf,
  wildcardMatch,
  type AuthorizerAnswer,
} from "../../../scripts/local/authorizer-policy.js";

const ARN = "arn:aws:execute-api:us-east-1:000000000000:local-api/local/POST/intake/1.0/acme/profiles";
const answer = (statements: unknown[], context?: unknown): AuthorizerAnswer => {
  const parsed = parseAuthorizerAnswer({
    principalId: "key-1",
    policyDocument: { Version: "2012-10-17", Statement: statements },
    context,
  });
  if ("invalid" in parsed) throw new Error(parsed.invalid);
  return parsed;
};
const allow = (resource: string | string[]) => ({
  Action: "execute-api:Invoke",
  Effect: "Allow",
  Resource: resource,
});
const deny = (resource: string) => ({ Action: "execute-api:Invoke", Effect: "Deny", Resource: resource });

describe("policy evaluation", () => {
  it("allows what an Allow statement covers, with IAM wildcards", () => {
    expect(
      evaluatePolicy(answer([allow("arn:aws:execute-api:*:*:local-api/local/*/intake/1.0/acme/*")]), ARN),
    ).toBe("allow");
    expect(evaluatePolicy(answer([allow(ARN.replace("POST", "P?ST"))]), ARN)).toBe("allow");
  });

  it("denies implicitly what no Allow covers, and explicitly what a Deny covers even when allowed", () => {
    expect(
      evaluatePolicy(answer([allow("arn:aws:execute-api:*:*:local-api/local/*/intake/1.0/other/*")]), ARN),
    ).toBe("implicit-deny");
    expect(evaluatePolicy(answer([allow("*"), deny(ARN)]), ARN)).toBe("explicit-deny");
  });

  it("treats action names case-insensitively and ignores statements about other actions", () => {
    expect(evaluatePolicy(answer([{ ...allow(ARN), Action: "EXECUTE-API:invoke" }]), ARN)).toBe("allow");
    expect(evaluatePolicy(answer([{ ...allow(ARN), Action: "s3:GetObject" }]), ARN)).toBe("implicit-deny");
  });

  it("matches wildcards literally otherwise", () => {
    expect(wildcardMatch("a.b/*", "a.b/c/d")).toBe(true);
    expect(wildcardMatch("a.b/*", "aXb/c")).toBe(false);
    expect(wildcardMatch("a(b)", "a(b)")).toBe(true);
  });
});

describe("authorizer answers", () => {
  it.each([
    [null, "not an object"],
    [{ policyDocument: { Statement: [] } }, "principalId"],
    [{ principalId: "p" }, "policyDocument"],
    [
      { principalId: "p", policyDocument: { Statement: [{ Effect: "Maybe", Action: "a", Resource: "r" }] } },
      "Effect",
    ],
    [{ principalId: "p", policyDocument: { Statement: [{ Effect: "Allow", Resource: "r" }] } }, "Action"],
    [
      { principalId: "p", policyDocument: { Statement: [allow(ARN)] }, context: { list: [1] } },
      "context.list",
    ],
  ])("refuses %j (%s)", (payload, reason) => {
    const parsed = parseAuthorizerAnswer(payload);
    expect("invalid" in parsed && parsed.invalid).toContain(reason);
  });

  it("accepts a single statement object and hands context values to the handler as strings", () => {
    const parsed = parseAuthorizerAnswer({
      principalId: "key-1",
      policyDocument: { Version: "2012-10-17", Statement: allow(ARN) },
      context: { clientId: "acme", count: 3, admin: false },
    });
    if ("invalid" in parsed) throw new Error(parsed.invalid);
    expect(evaluatePolicy(parsed, ARN)).toBe("allow");
    expect(proxyAuthorizerOf(parsed, 12)).toEqual({
      clientId: "acme",
      count: "3",
      admin: "false",
      principalId: "key-1",
      integrationLatency: 12,
    });
  });
});
