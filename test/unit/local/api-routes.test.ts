import { describe, expect, it } from "@jest/globals";
import { shortHash } from "../../../lambdas/shared/pii-redaction.js";
import { apiRoutesOf, loggedPathOf, matchRoute } from "../../../scripts/local/api-routes.js";
import { TopologyError } from "../../../scripts/local/errors.js";
import { fixtureFunction } from "./support.js";

const routes = apiRoutesOf([
  fixtureFunction("by-id", "echo-handler", {
    triggers: [{ kind: "http", method: "GET", path: "/things/{id}", auth: "intake" }],
  }),
  fixtureFunction("latest", "echo-handler", {
    triggers: [{ kind: "http", method: "GET", path: "/things/latest", auth: "none" }],
  }),
  fixtureFunction("files", "echo-handler", {
    triggers: [{ kind: "http", method: "GET", path: "/things/{id}/files/{path+}", auth: "none" }],
  }),
  fixtureFunction("create", "echo-handler", {
    triggers: [{ kind: "http", method: "POST", path: "/things/{id}", auth: "intake" }],
  }),
]);

describe("matchRoute", () => {
  it("prefers a literal segment over a path parameter, as API Gateway does", () => {
    expect(matchRoute(routes, "GET", "/things/latest")?.route.functionName).toBe("latest");
    expect(matchRoute(routes, "GET", "/things/42")).toMatchObject({
      route: { functionName: "by-id", resource: "/things/{id}" },
      pathParameters: { id: "42" },
    });
  });

  it("decodes path parameters and gives a greedy parameter the rest of the path", () => {
    expect(matchRoute(routes, "GET", "/things/a%20b%2Bc/files/x/y%2Fz.txt")?.pathParameters).toEqual({
      id: "a b+c",
      path: "x/y/z.txt",
    });
  });

  it("matches on the method and tolerates a trailing slash", () => {
    expect(matchRoute(routes, "POST", "/things/7/")?.route.functionName).toBe("create");
    expect(matchRoute(routes, "DELETE", "/things/7")).toBeNull();
  });

  it("finds nothing for unknown paths, missing segments or bad percent-encoding", () => {
    expect(matchRoute(routes, "GET", "/nothing")).toBeNull();
    expect(matchRoute(routes, "GET", "/things")).toBeNull();
    expect(matchRoute(routes, "GET", "/things//files/x")).toBeNull();
    expect(matchRoute(routes, "GET", "/things/%E0%A4%A")).toBeNull();
  });
});

describe("apiRoutesOf", () => {
  it("refuses two functions on the same method and resource", () => {
    const trigger = { kind: "http", method: "GET", path: "/x/{id}", auth: "none" } as const;
    expect(() =>
      apiRoutesOf([
        fixtureFunction("a", "echo-handler", { triggers: [trigger] }),
        fixtureFunction("b", "echo-handler", { triggers: [trigger] }),
      ]),
    ).toThrow(TopologyError);
  });

  it("refuses a greedy parameter that is not the last segment", () => {
    expect(() =>
      apiRoutesOf([
        fixtureFunction("a", "echo-handler", {
          triggers: [{ kind: "http", method: "GET", path: "/x/{rest+}/y", auth: "none" }],
        }),
      ]),
    ).toThrow("must end route");
  });
});

describe("loggedPathOf", () => {
  const businessRoutes = apiRoutesOf([
    fixtureFunction("status", "echo-handler", {
      triggers: [
        { kind: "http", method: "GET", path: "/kyc/1.0/connect/{clientId}/refId/{refId}", auth: "status" },
        {
          kind: "http",
          method: "GET",
          path: "/kyc/1.0/connect/{clientId}/recordId/{recordId}",
          auth: "status",
        },
      ],
    }),
  ]);

  it("hashes the path parameters that identify a user, as the functions' logs do", () => {
    const refId = "jane.doe@example.com";
    const logged = loggedPathOf(
      businessRoutes,
      "GET",
      `/kyc/1.0/connect/acme/refId/${encodeURIComponent(refId)}`,
    );
    expect(logged).toBe(`/kyc/1.0/connect/acme/refId/${shortHash(refId)}`);
    expect(logged).not.toContain("jane");
    expect(loggedPathOf(businessRoutes, "GET", "/kyc/1.0/connect/acme/recordId/r-1")).toBe(
      `/kyc/1.0/connect/acme/recordId/${shortHash("r-1")}`,
    );
  });

  it("keeps only the literal segments of a path no route matches", () => {
    const logged = loggedPathOf(businessRoutes, "GET", "/kyc/1.0/connect/acme/refid/jane@example.com");
    expect(logged).toBe(
      `/kyc/1.0/connect/${shortHash("acme")}/${shortHash("refid")}/${shortHash("jane@example.com")}`,
    );
  });
});
