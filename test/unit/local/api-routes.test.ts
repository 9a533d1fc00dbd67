import { describe, expect, it } from "@jest/globals";
import { apiRoutesOf, matchRoute } from "../../../scripts/local/api-routes.js";
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
