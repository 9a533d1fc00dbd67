import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import type { Construct } from "constructs";
import type { DeploymentSettings } from "./deployment-settings.js";
import type { ResourceNames } from "./naming.js";
import type { StatefulResources } from "./stateful-stack.js";
import { ConsoleAppClient } from "./stateless/console-app-client.js";
import { ConsoleHosting } from "./stateless/console-hosting.js";
import type { ConsoleSignInValues } from "./stateless/function-environment.js";
import { ManifestFunction } from "./stateless/manifest-function.js";
import { OperatorAccess } from "./stateless/operator-access.js";
import { ServiceRestApi } from "./stateless/rest-api.js";
import { ScheduledInvocations } from "./stateless/scheduled-invocations.js";
import { ServiceAlarms } from "./stateless/service-alarms.js";
import type { FunctionSpec, Topology } from "./topology/types.js";

export interface StatelessStackProps extends StackProps {
  readonly topology: Topology;
  readonly resources: StatefulResources;
  readonly names: ResourceNames;
  readonly settings: DeploymentSettings;
  readonly repositoryRoot: string;
  /** The built console app (absolute); used when the deployment has a console. */
  readonly consoleAssetsDir: string;
}

/**
 * Everything that can be redeployed freely: one function per manifest entry and its triggers (REST
 * routes behind the authorizers, SQS event source mappings, schedules), the alarms, the operator policy and
 * the console's hosting and app client.
 */
export class StatelessStack extends Stack {
  readonly functions: ReadonlyMap<string, ManifestFunction>;
  /** Absent when the manifest has no `http` trigger (API Gateway refuses an API without methods). */
  readonly restApi: ServiceRestApi | undefined;
  /** Present when the stateful stack has the console's user pool (some function signs in to the console). */
  readonly console: { readonly hosting: ConsoleHosting; readonly appClient: ConsoleAppClient } | undefined;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { topology, resources, names, settings } = props;
    // Before the functions: the console's functions are told its URL and app client.
    this.console = this.addConsole(props);
    const consoleSignIn: ConsoleSignInValues | undefined =
      this.console === undefined || resources.console === undefined
        ? undefined
        : {
            userPoolId: resources.console.userPool.userPoolId,
            userPoolClientId: this.console.appClient.client.userPoolClientId,
            cognitoDomainUrl: resources.console.domainUrl,
            consoleUrl: this.console.hosting.consoleUrl,
          };
    this.functions = new Map(
      topology.functions.map((spec) => [
        spec.name,
        new ManifestFunction(this, `Fn-${spec.name}`, { ...props, spec, consoleSignIn }),
      ]),
    );
    const handlers = new Map<string, lambda.IFunction>(
      [...this.functions].map(([name, construct]) => [name, construct.function]),
    );
    for (const spec of topology.functions) {
      const handler = handlers.get(spec.name);
      if (handler === undefined) continue;
      this.addQueueTriggers(spec, handler, resources);
      new ScheduledInvocations(this, `Schedules-${spec.name}`, { spec, handler, names });
    }
    const hasRoutes = topology.functions.some((spec) =>
      spec.triggers.some((trigger) => trigger.kind === "http"),
    );
    this.restApi = hasRoutes
      ? new ServiceRestApi(this, "Api", { topology, names, settings, functions: handlers })
      : undefined;
    new ServiceAlarms(this, "Alarms", {
      names,
      functions: handlers,
      queues: [...resources.queues.values()],
      topic: resources.alarmTopic,
      attesterLagAlarmSeconds: settings.attesterLagAlarmSeconds,
    });
    const operators = new OperatorAccess(this, "Operators", { topology, names, functions: handlers });

    if (this.restApi !== undefined) {
      new CfnOutput(this, "ApiUrl", { value: this.restApi.api.url, description: "Base URL of the REST API" });
      this.console?.hosting.routeApi(this.restApi.api);
    }
    if (this.console !== undefined) {
      new CfnOutput(this, "ConsoleUrl", {
        value: this.console.hosting.consoleUrl,
        description: "The operator console (sign in with a Cognito user of the operators group)",
      });
    }
    if (operators.policy !== undefined) {
      new CfnOutput(this, "OperatorPolicyArn", {
        value: operators.policy.managedPolicyArn,
        description: "Attach to operator roles: invoke rights for the operator CLI",
      });
    }
  }

  private addConsole(props: StatelessStackProps): StatelessStack["console"] {
    const userPool = props.resources.console;
    if (userPool === undefined) return undefined;
    const hosting = new ConsoleHosting(this, "Console", {
      assetsDir: props.consoleAssetsDir,
      accessLogs: props.resources.accessLogs,
      cognitoDomainUrl: userPool.domainUrl,
      customDomain: props.settings.consoleDomain,
      logRetentionDays: props.settings.logRetentionDays,
    });
    const appClient = new ConsoleAppClient(this, "ConsoleAppClient", {
      userPool: userPool.userPool,
      consoleUrl: hosting.consoleUrl,
      names: props.names,
    });
    return { hosting, appClient };
  }

  /** `reportBatchItemFailures` always: a failed record is retried alone, never its whole batch. */
  private addQueueTriggers(
    spec: FunctionSpec,
    handler: lambda.IFunction,
    resources: StatefulResources,
  ): void {
    for (const trigger of spec.triggers) {
      if (trigger.kind !== "sqs") continue;
      const stateful = resources.queues.get(trigger.queue);
      if (stateful === undefined) continue;
      const reserved = spec.reservedConcurrency;
      handler.addEventSource(
        new sources.SqsEventSource(stateful.queue, {
          batchSize: trigger.batchSize,
          maxBatchingWindow:
            trigger.maxBatchingWindowSeconds > 0
              ? Duration.seconds(trigger.maxBatchingWindowSeconds)
              : undefined,
          reportBatchItemFailures: true,
          // With reserved concurrency on a standard queue, the poller must not outrun it: throttled batches
          // would count as receives and push healthy messages to the DLQ. (FIFO groups already serialise.)
          maxConcurrency:
            reserved !== undefined && reserved >= 2 && !stateful.spec.fifo ? reserved : undefined,
        }),
      );
    }
  }
}
