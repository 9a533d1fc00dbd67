import { existsSync } from "node:fs";
import { join } from "node:path";
import { Annotations, type App, Tags } from "aws-cdk-lib";
import { readDeploymentSettings, type DeploymentSettings } from "./deployment-settings.js";
import { ResourceNames } from "./naming.js";
import { StatefulStack } from "./stateful-stack.js";
import { StatelessStack } from "./stateless-stack.js";
import { TopologyError, validateTopology } from "./topology-validation.js";
import type { Topology } from "./topology/types.js";

export interface KycAttestStacks {
  readonly settings: DeploymentSettings;
  readonly names: ResourceNames;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Adds the two stacks of one deployment (`kyc-attest-<stage>-stateful`, `kyc-attest-<stage>-stateless`) to
 * `app`, built from the topology manifest and the CDK context. Shared by `infra/app.ts` and the tests.
 */
export function addKycAttestStacks(
  app: App,
  options: { readonly topology: Topology; readonly repositoryRoot: string },
): KycAttestStacks {
  const { topology, repositoryRoot } = options;
  validateTopology(topology);
  const missingEntries = topology.functions
    .filter((spec) => !existsSync(join(repositoryRoot, spec.entry)))
    .map((spec) => `function ${spec.name}: entry ${spec.entry} does not exist`);
  if (missingEntries.length > 0) throw new TopologyError(missingEntries);

  const settings = readDeploymentSettings(app.node);
  const names = ResourceNames.forStage(settings.stage);
  const stateful = new StatefulStack(app, `${names.prefix}-stateful`, {
    description: "kyc-attest: tables, queues, buckets, keys, secrets (retained on delete)",
    topology,
    names,
    settings,
  });
  const stateless = new StatelessStack(app, `${names.prefix}-stateless`, {
    description: "kyc-attest: functions, REST API, queue triggers, schedules, alarms",
    topology,
    resources: stateful,
    names,
    settings,
    repositoryRoot,
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
