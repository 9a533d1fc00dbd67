import { readFile } from "node:fs/promises";
import { describe, expect, it } from "@jest/globals";
import { handler } from "../../../lambdas/handlers/openapi-document.js";
import { OPENAPI_FILE, renderOpenApi } from "../../../scripts/openapi.js";

describe("the OpenAPI document", () => {
  it("matches the committed openapi.json (run `npm run openapi` after changing the schemas)", async () => {
    const committed = await readFile(OPENAPI_FILE, "utf8");
    expect(committed).toBe(renderOpenApi());
  });

  it("documents every business route with the status envelope and the error codes", () => {
    const document = JSON.parse(renderOpenApi()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(document.openapi).toBe("3.1.0");
    const prefix = "/kyc/1.0/connect/{clientId}";
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        `${prefix}/applicants`,
        `${prefix}/applicant/{refId}`,
        `${prefix}/applicants/{status}`,
        `${prefix}/onchain`,
        `${prefix}/recordId/{recordId}`,
        `${prefix}/refId/{refId}`,
        `${prefix}/refId/{refId}/archive`,
        `${prefix}/review`,
        `${prefix}/review/{refId}`,
        `${prefix}/review/{refId}/open`,
        `${prefix}/review/{refId}/decision`,
        `${prefix}/support/tickets`,
        `${prefix}/support/tickets/{ticketId}`,
        `${prefix}/support/tickets/{ticketId}/messages`,
        "/intake/1.0/{clientId}/profiles",
        "/intake/1.0/{clientId}/profiles/{refId}/certificates",
        "/openapi.json",
      ].sort(),
    );
    expect(Object.keys(document.paths[`${prefix}/refId/{refId}`]!.get!.responses)).toEqual(
      expect.arrayContaining(["200", "400", "401", "403", "404", "429"]),
    );
    expect(Object.keys(document.components.schemas.StatusRecord!.properties!)).toEqual(
      expect.arrayContaining(["refId", "recordId", "status", "willArchiveAtDate", "onchain"]),
    );
    expect(JSON.stringify(document)).not.toContain("$defs");
  });

  it("documents the review routes under the review key scheme, with the 409 of a changed profile", () => {
    const document = JSON.parse(renderOpenApi()) as {
      paths: Record<string, Record<string, { security: unknown; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const decision = document.paths["/kyc/1.0/connect/{clientId}/review/{refId}/decision"]!.post!;
    expect(decision.security).toEqual([{ reviewKey: [] }]);
    expect(Object.keys(decision.responses)).toEqual(expect.arrayContaining(["200", "400", "403", "409"]));
    expect(document.components.securitySchemes.reviewKey).toBeDefined();
  });

  it("is served at GET /openapi.json", async () => {
    const result = await handler();
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual(JSON.parse(renderOpenApi()));
  });
});
