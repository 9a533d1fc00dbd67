import { describe, expect, it } from "@jest/globals";
import { API_STAGE_NAME } from "../../../infra/stateless/rest-api.js";
import { topology } from "../../../infra/topology/manifest.js";
import { openApiDocument } from "../../../lambdas/shared/api-document.js";

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, { headers?: object }> };
const document = openApiDocument() as {
  paths: Record<string, Record<string, Operation>>;
  servers: { url: string; variables?: Record<string, { default: string }> }[];
};

/** The business API's routes: the console's own routes (`/console/api/...`, docs/console-api.md) are not in it. */
const isConsoleRoute = (path: string) => path.startsWith("/console/");
const manifestRoutes = topology.functions.flatMap((fn) =>
  fn.triggers.flatMap((trigger) =>
    trigger.kind === "http" && !isConsoleRoute(trigger.path)
      ? [{ route: `${trigger.method} ${trigger.path}`, auth: trigger.auth }]
      : [],
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

  it("keeps the console's routes out of the business API document, and only they use the console session", () => {
    const consoleRoutes = topology.functions.flatMap((fn) =>
      fn.triggers.flatMap((trigger) =>
        trigger.kind === "http" && isConsoleRoute(trigger.path) ? [trigger] : [],
      ),
    );
    expect(consoleRoutes.length).toBeGreaterThan(0);
    expect(Object.keys(document.paths).filter(isConsoleRoute)).toEqual([]);
    expect(manifestRoutes.filter((route) => route.auth === "console")).toEqual([]);
  });

  it("names the deployed stage URL and the local API as servers", () => {
    expect(document.servers.map((s) => s.url)).toEqual([
      "https://{apiId}.execute-api.{region}.amazonaws.com/{stage}",
      "http://127.0.0.1:3000",
    ]);
    expect(document.servers[0]?.variables?.stage?.default).toBe(API_STAGE_NAME);
  });
});
