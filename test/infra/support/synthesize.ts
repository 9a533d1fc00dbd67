import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { addKycAttestStacks, type KycAttestStacks } from "../../../infra/kyc-attest-app.js";
import type { Topology } from "../../../infra/topology/types.js";

export const REPOSITORY_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** A stand-in for the built console app, so the stacks synthesise without the front-end build. */
export const CONSOLE_FIXTURE_DIR = fileURLToPath(new URL("../fixtures/console-dist/", import.meta.url));

/** A deployment's context as `cdk deploy -c …` would give it. */
export const DEPLOY_CONTEXT = {
  stage: "test",
  rpcUrl: "https://rpc.example.org/v1",
  chainId: "8453",
  registryAddress: "0x1111111111111111111111111111111111111111",
  registryServiceId: "7",
} as const;

/** The feature flags `cdk synth` gets from cdk.json, so tests synthesise exactly what the CLI does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${REPOSITORY_ROOT}cdk.json`, "utf8")) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

export interface Synthesized extends KycAttestStacks {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/**
 * Synthesises both stacks for `topology` with `DEPLOY_CONTEXT` (overridable). Bundling is skipped
 * (`aws:cdk:bundling-stacks: []`) and so is CDK's built-in CloudFormation validation (tens of seconds)
 * unless asked for: assertion tests look at templates; dedicated tests bundle and validate for real.
 */
export function synthesize(options: {
  readonly topology: Topology;
  readonly context?: Record<string, unknown>;
  readonly bundle?: boolean;
  readonly cloudFormationValidation?: boolean;
  readonly outdir?: string;
  /** The built console app; the fixture by default. */
  readonly consoleAssetsDir?: string;
}): Synthesized {
  // A throw-away cloud assembly unless the caller wants to inspect one (templates are read into memory).
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), "kyc-attest-cdk-"));
  try {
    const app = new App({
      outdir,
      builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
      context: {
        ...cdkJsonContext(),
        ...(options.bundle === true ? {} : { "aws:cdk:bundling-stacks": [] }),
        ...DEPLOY_CONTEXT,
        ...options.context,
      },
    });
    const stacks = addKycAttestStacks(app, {
      topology: options.topology,
      repositoryRoot: REPOSITORY_ROOT,
      consoleAssetsDir: options.consoleAssetsDir ?? CONSOLE_FIXTURE_DIR,
    });
    return {
      ...stacks,
      app,
      statefulTemplate: Template.fromStack(stacks.stateful),
      statelessTemplate: Template.fromStack(stacks.stateless),
    };
  } finally {
    if (options.outdir === undefined) rmSync(outdir, { recursive: true, force: true });
  }
}
