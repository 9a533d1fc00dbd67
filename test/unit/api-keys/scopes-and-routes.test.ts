import { describe, expect, it } from "@jest/globals";
import { topology } from "../../../infra/topology/manifest.js";
import { apiRouteOf, requiredScopeOf, routePrefixOf } from "../../../lambdas/domain/api-keys/routes.js";
import { assertScopeAllowed, grantsOf } from "../../../lambdas/domain/api-keys/scopes.js";
import { NotEntitledError, ValidationError } from "../../../lambdas/domain/errors.js";
import { PLANS } from "../../../lambdas/domain/service.js";

describe("scopes and plans", () => {
  it.each([
    ["payg", true],
    ["self-managed", true],
    ["managed", false],
    ["managed-dedicated", false],
  ] as const)("creating a status+identity key on %s is allowed: %s", (plan, allowed) => {
    const create = () => assertScopeAllowed("status+identity", plan, "acme");
    if (allowed) expect(create).not.toThrow();
    else expect(create).toThrow(NotEntitledError);
  });

  it.each([
    ["payg", true],
    ["self-managed", true],
    ["managed", false],
    ["managed-dedicated", false],
  ] as const)("creating a review key on %s is allowed: %s", (plan, allowed) => {
    const create = () => assertScopeAllowed("review", plan, "acme");
    if (allowed) expect(create).not.toThrow();
    else expect(create).toThrow(/operators remediate profiles/);
  });

  it("grants review only while the service's plan lets the customer remediate", () => {
    expect(grantsOf("review", "payg")).toEqual(["review"]);
    expect(grantsOf("review", "self-managed")).toEqual(["review"]);
    expect(grantsOf("review", "managed")).toEqual([]);
    expect(grantsOf("review", "managed-dedicated")).toEqual([]);
  });

  it("allows status and intake keys on every plan and refuses unknown scopes", () => {
    for (const plan of PLANS) {
      expect(() => assertScopeAllowed("status", plan, "acme")).not.toThrow();
      expect(() => assertScopeAllowed("intake", plan, "acme")).not.toThrow();
      expect(() => assertScopeAllowed("identity", plan, "acme")).toThrow(ValidationError);
      expect(() => assertScopeAllowed("status identity", plan, "acme")).toThrow(ValidationError);
    }
  });

  it("grants identity only while the service's plan allows it, whatever the key says", () => {
    expect(grantsOf("status+identity", "payg")).toEqual(["status", "identity"]);
    expect(grantsOf("status+identity", "self-managed")).toEqual(["status", "identity"]);
    // A key created on self-managed keeps working after a move to a managed (on-chain) plan, without identity.
    expect(grantsOf("status+identity", "managed")).toEqual(["status"]);
    expect(grantsOf("status+identity", "managed-dedicated")).toEqual(["status"]);
    for (const plan of PLANS) {
      expect(grantsOf("status", plan)).toEqual(["status"]);
      expect(grantsOf("intake", plan)).toEqual(["intake"]);
    }
  });
});

describe("routes", () => {
  it.each([
    ["/kyc/1.0/connect/{clientId}/refId/{refId}", "status"],
    ["/kyc/1.0/connect/{clientId}/recordId/{recordId}", "status"],
    ["/kyc/1.0/connect/{clientId}/applicants", "status"],
    ["/kyc/1.0/connect/{clientId}/applicants/{status}", "status"],
    ["/kyc/1.0/connect/{clientId}/refId/{refId}/archive", "status"],
    ["/kyc/1.0/connect/{clientId}/review", "review"],
    ["/kyc/1.0/connect/{clientId}/review/{refId}", "review"],
    ["/kyc/1.0/connect/{clientId}/review/{refId}/decision", "review"],
    ["/kyc/1.0/connect/{clientId}/reviewer", "status"],
    ["/intake/1.0/{clientId}/profiles", "intake"],
    ["/intake/1.0/{clientId}/profiles/{refId}/certificates", "intake"],
    ["/openapi.json", null],
    ["/kyc/1.0/connect", null],
    ["/kyc/1.0/connect/{clientId}x/refId", null],
    ["/kyc/1.0/connect/acme/refId/{refId}", null],
    ["/intake/2.0/{clientId}/profiles", null],
  ])("%s needs %s", (resource, scope) => {
    expect(requiredScopeOf(resource)).toBe(scope);
  });

  it("agrees with the scope the topology manifest gives every keyed route", () => {
    const routes = topology.functions
      .flatMap((fn) => fn.triggers)
      .filter((trigger) => trigger.kind === "http");
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect({ path: route.path, scope: requiredScopeOf(route.path) }).toEqual({
        path: route.path,
        // Console routes use the session cookie, not an API key scope.
        scope: route.auth === "none" || route.auth === "console" ? null : route.auth,
      });
    }
  });

  it("reads the service from a well-formed clientId parameter only", () => {
    const resource = "/kyc/1.0/connect/{clientId}/applicants";
    expect(apiRouteOf(resource, "acme")).toEqual({ scope: "status", clientId: "acme" });
    expect(apiRouteOf(resource, "acme/../other")).toBeNull();
    expect(apiRouteOf(resource, "*")).toBeNull();
    expect(apiRouteOf(resource, "")).toBeNull();
    expect(apiRouteOf(resource, undefined)).toBeNull();
    expect(apiRouteOf(undefined, "acme")).toBeNull();
    expect(routePrefixOf("status", "acme")).toBe("/kyc/1.0/connect/acme");
    expect(routePrefixOf("intake", "acme")).toBe("/intake/1.0/acme");
    expect(routePrefixOf("review", "acme")).toBe("/kyc/1.0/connect/acme/review");
  });
});
