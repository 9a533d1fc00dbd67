import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { openApiDocument } from "../../../lambdas/shared/api-document.js";

/** What a client does with `npx openapi-typescript openapi.json -o api.d.ts` (docs/openapi.md). */
const CLIENT = `
import type { components, paths } from "./api.js";

type StatusOk = paths["/kyc/1.0/connect/{clientId}/refId/{refId}"]["get"]["responses"][200]["content"]["application/json"];
export const record: StatusOk["data"]["status"] = "approved";
type Intake = paths["/intake/1.0/{clientId}/profiles"]["post"]["requestBody"]["content"]["application/json"];
export const body: Intake = {
  refId: "user-1",
  wallet: "0x52908400098527886E0F7030069857D2E4169EE7",
  identity: { givenName: "Maria", familyName: "Schmidt", dob: "1990-04-12", nationality: "DEU" },
  documents: [{ type: "passport", number: "C01X00T47", country: "DE" }],
};
export const error: components["schemas"]["Error"] = { status: "error", code: 429, message: "Too many requests" };
`;

describe("openapi-typescript client types", () => {
  it("generates types from the document that compile and type a client's calls", async () => {
    const directory = await mkdtemp(join(tmpdir(), "openapi-types-"));
    try {
      const ast = await openapiTS(openApiDocument() as unknown as Parameters<typeof openapiTS>[0]);
      await writeFile(join(directory, "api.d.ts"), astToString(ast));
      await writeFile(join(directory, "client.ts"), CLIENT);
      const program = ts.createProgram([join(directory, "client.ts")], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        skipLibCheck: false,
        types: [],
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(diagnostics).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
