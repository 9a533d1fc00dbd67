import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { topology as manifest } from "../../infra/topology/manifest.js";
import { REPOSITORY_ROOT, synthesize } from "./support/synthesize.js";
import { single } from "./support/template-queries.js";

const BUNDLED_FUNCTION = "review-bot";

/**
 * One real function bundled for real by esbuild, locally (no Docker), as `cdk deploy` would: ESM with
 * the `require` banner, minified, with a source map, and loadable by Node with its handler exported.
 */
describe("esbuild bundling", () => {
  let outdir: string;
  beforeAll(() => {
    // Inside the repository so the bundle resolves the AWS SDK (external, provided by the Lambda runtime).
    mkdirSync(join(REPOSITORY_ROOT, "cdk.out"), { recursive: true });
    outdir = mkdtempSync(join(REPOSITORY_ROOT, "cdk.out", "bundling-test-"));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test(`${BUNDLED_FUNCTION} bundles offline into a loadable ESM handler with a source map`, () => {
    const spec = manifest.functions.find((candidate) => candidate.name === BUNDLED_FUNCTION);
    if (spec === undefined) throw new Error(`the manifest has no ${BUNDLED_FUNCTION}`);
    const { statelessTemplate, stateless } = synthesize({
      topology: { ...manifest, functions: [spec] },
      bundle: true,
      outdir,
    });

    const [, resource] = single(statelessTemplate, "AWS::Lambda::Function", {
      FunctionName: `kyc-attest-test-${BUNDLED_FUNCTION}`,
    });
    const assetHash = String((resource.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, "");
    const assetDir = join(outdir, `asset.${assetHash}`);
    expect(readdirSync(assetDir).sort()).toEqual(["index.mjs", "index.mjs.map"]);
    const bundle = readFileSync(join(assetDir, "index.mjs"), "utf8");
    expect(bundle.startsWith("import { createRequire as __kycAttestCreateRequire }")).toBe(true);
    expect(bundle).toContain("sourceMappingURL=index.mjs.map");
    // Minified: very long lines, not the indented sources.
    expect(bundle.length / bundle.split("\n").length).toBeGreaterThan(1000);
    expect(stateless.functions.get(BUNDLED_FUNCTION)?.function.runtime.name).toBe("nodejs24.x");

    const load = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", "const m = await import('./index.mjs'); console.log(typeof m.handler);"],
      { cwd: assetDir, encoding: "utf8" },
    );
    expect({ stdout: load.stdout.trim(), stderr: load.stderr }).toEqual({ stdout: "function", stderr: "" });
  });
});
