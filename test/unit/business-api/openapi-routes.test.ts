import { describe, expect, it } from "@jest/globals";
import { API_STAGE_NAME } from "../../../infra/stateless/rest-api.js";
import { topology } from "../../../infra/topology/manifest.js";
import { openApiDocument } from "../../../lambdas/shared/api-document.js";

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, { headers?: object }> };
const document = openApiDocument() as {
  paths: Record<string, Record<string, Operation>>;
  servers: { url: string; variables?: Record<string, { default: string }> }[];
};

const manifestRoutes = topology.functions.flatMap((fn) =>
  fn.triggers.flatMap((trigger) =>
    trigger.kind === "http" ? [{ route: `${trigger.method} ${trigger.path}`, auth: trigger.auth }] : [],
  ),
);
const documentedRoutes = Object.entries(document.paths).flatMap(([path, operations]) =>
  Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
);

describe("the OpenAPI document against the topology manifest", () => {
  it("documents every HTTP route of the manifest and nothing else", () => {
    expect(manifestRoutes.length).toBeGreaterThan(0);
    expect([...documentedRoutes].sort()).toEqual(manifestRoutes.map((r) => r.route).sort());
  });

  it.each(manifestRoutes)(
    "$route: the manifest's key scope as security, Retry-After on 429",
    ({ route, auth }) => {
      const [method, path] = route.split(" ") as [string, string];
      const operation = document.paths[path]![method.toLowerCase()]!;
      expect(operation.security).toEqual(auth === "none" ? [] : [{ [`${auth}Key`]: [] }]);
      if (auth !== "none") expect(operation.responses["429"]?.headers).toHaveProperty("Retry-After");
    },
  );

  it("names the deployed stage URL and the local API as servers", () => {
    expect(document.servers.map((s) => s.url)).toEqual([
      "https://{apiId}.execute-api.{region}.amazonaws.com/{stage}",
      "http://127.0.0.1:3000",
    ]);
    expect(document.servers[0]?.variables?.stage?.default).toBe(API_STAGE_NAME);
  });
});
