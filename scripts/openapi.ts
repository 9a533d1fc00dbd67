import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "../lambdas/shared/api-document.js";

/**
 * `npm run openapi`: writes the business API's OpenAPI 3.1 document to `openapi.json` at the
 * repository root; `--check` only reports (exit 1) when the committed file is stale.
 */
export const OPENAPI_FILE = fileURLToPath(new URL("../openapi.json", import.meta.url));

export function renderOpenApi(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

async function main(): Promise<void> {
  const rendered = renderOpenApi();
  if (process.argv.includes("--check")) {
    const committed = await readFile(OPENAPI_FILE, "utf8").catch(() => "");
    if (committed !== rendered) {
      console.error("openapi.json is stale: run `npm run openapi`");
      process.exitCode = 1;
      return;
    }
    console.log("openapi.json is up to date");
    return;
  }
  await writeFile(OPENAPI_FILE, rendered);
  console.log(`wrote ${OPENAPI_FILE}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
