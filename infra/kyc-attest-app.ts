import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Annotations, type App, Tags } from "aws-cdk-lib";
import { readDeploymentSettings, type DeploymentSettings } from "./deployment-settings.js";
import { ResourceNames } from "./naming.js";
import { StatefulStack } from "./stateful-stack.js";
import { StatelessStack } from "./stateless-stack.js";
import { TopologyError, validateTopology } from "./topology-validation.js";
import { deploysConsole } from "./topology/console-functions.js";
import type { Topology } from "./topology/types.js";

export interface KycAttestStacks {
  readonly settings: DeploymentSettings;
  readonly names: ResourceNames;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** The console is deployed but its front-end app has not been built. */
export class ConsoleNotBuiltError extends Error {
  override readonly name = "ConsoleNotBuiltError";
  readonly context: Readonly<{ assetsDir: string }>;

  constructor(assetsDir: string) {
    super(
      `the console app is not built: ${join(assetsDir, "index.html")} does not exist. ` +
        "Build it first (`npm run build:console` writes console/dist), or give -c consoleAssetsDir=<built app>.",
    );
    this.context = { assetsDir };
  }
}

/**
 * Adds the two stacks of one deployment (`kyc-attest-<stage>-stateful`, `kyc-attest-<stage>-stateless`) to
 * `app`, built from the topology manifest and the CDK context. Shared by `infra/app.ts` and the tests.
 */
export function addKycAttestStacks(
  app: App,
  options: {
    readonly topology: Topology;
    readonly repositoryRoot: string;
    /**
     * The built console app, absolute; by default the `consoleAssetsDir` context value, else the manifest's
     * `console.assetsDir` in the repository.
     */
    readonly consoleAssetsDir?: string;
  },
): KycAttestStacks {
  const { topology, repositoryRoot } = options;
  validateTopology(topology);
  const missingEntries = topology.functions
    .filter((spec) => !existsSync(join(repositoryRoot, spec.entry)))
    .map((spec) => `function ${spec.name}: entry ${spec.entry} does not exist`);
  if (missingEntries.length > 0) throw new TopologyError(missingEntries);

  const settings = readDeploymentSettings(app.node);
  const consoleAssetsDir =
    options.consoleAssetsDir ??
    (settings.consoleAssetsDir === undefined
      ? join(repositoryRoot, topology.console.assetsDir)
      : resolve(settings.consoleAssetsDir));
  if (deploysConsole(topology) && !existsSync(join(consoleAssetsDir, "index.html"))) {
    throw new ConsoleNotBuiltError(consoleAssetsDir);
  }
  const names = ResourceNames.forStage(settings.stage);
  const stateful = new StatefulStack(app, `${names.prefix}-stateful`, {
    description: "kyc-attest: tables, queues, buckets, keys, secrets, console users (retained on delete)",
    topology,
    names,
    settings,
  });
  const stateless = new StatelessStack(app, `${names.prefix}-stateless`, {
    description: "kyc-attest: functions, REST API, queue triggers, schedules, alarms, console hosting",
    topology,
    resources: stateful,
    names,
    settings,
    repositoryRoot,
    consoleAssetsDir,
  });
  for (const stack of [stateful, stateless]) {
    Tags.of(stack).add("project", "kyc-attest");
    Tags.of(stack).add("stage", settings.stage);
  }
  if (settings.usesLocalChainDefaults && topology.functions.some((spec) => spec.needs.chain === true)) {
    Annotations.of(stateless).addWarningV2(
      "kyc-attest:localChainDefaults",
      "No chain context given: chain functions point at a local Hardhat node. " +
        "Deploy with -c rpcUrl=… -c chainId=… -c registryAddress=… -c registryServiceId=…",
    );
  }
  return { settings, names, stateful, stateless };
}
