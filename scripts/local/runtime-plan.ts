import type { Topology } from "../../infra/topology/types.js";
import { apiRoutesOf, type ApiRoute } from "./api-routes.js";
import { TopologyError } from "./errors.js";
import { parseSchedule } from "./schedule-expression.js";
import type { ScheduledJob } from "./scheduler.js";

export interface EventSourcePlan {
  readonly functionName: string;
  readonly queueId: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
}

/** How the local runtime serves each trigger of the manifest. */
export interface LocalRuntimePlan {
  readonly routes: readonly ApiRoute[];
  readonly eventSources: readonly EventSourcePlan[];
  readonly schedules: readonly ScheduledJob[];
  /** Every function answers the Lambda Invoke endpoint, as every deployed function does in AWS. */
  readonly invokable: readonly string[];
  /** Things that will not work as the manifest stands (printed at start-up). */
  readonly warnings: readonly string[];
}

/**
 * The wiring of the manifest onto the local runtime, checked up front: every queue an event source
 * reads exists, every schedule expression parses, function names are unique.
 */
export function planLocalRuntime(topology: Topology): LocalRuntimePlan {
  const names = topology.functions.map((spec) => spec.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) throw new TopologyError(`function ${duplicate} is listed twice`);

  const eventSources: EventSourcePlan[] = [];
  const schedules: ScheduledJob[] = [];
  for (const spec of topology.functions) {
    let scheduleIndex = 0;
    for (const trigger of spec.triggers) {
      if (trigger.kind === "sqs") {
        const queue = topology.queues.find((candidate) => candidate.id === trigger.queue);
        if (queue === undefined)
          throw new TopologyError(`function ${spec.name} reads unknown queue ${trigger.queue}`);
        // Lambda refuses such a mapping: messages would reappear while the function still works on them.
        if (queue.visibilityTimeoutSeconds < spec.timeoutSeconds + trigger.maxBatchingWindowSeconds) {
          throw new TopologyError(
            `queue ${queue.id}: visibility timeout ${queue.visibilityTimeoutSeconds} s is shorter than ` +
              `function ${spec.name}'s timeout plus batching window`,
          );
        }
        if (!Number.isInteger(trigger.batchSize) || trigger.batchSize < 1) {
          throw new TopologyError(`function ${spec.name}: batch size must be a positive integer`);
        }
        eventSources.push({
          functionName: spec.name,
          queueId: trigger.queue,
          batchSize: trigger.batchSize,
          maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds,
        });
      } else if (trigger.kind === "schedule") {
        scheduleIndex++;
        schedules.push({
          scheduleName: scheduleIndex === 1 ? spec.name : `${spec.name}-${scheduleIndex}`,
          functionName: spec.name,
          expression: trigger.expression,
          schedule: parseSchedule(trigger.expression),
        });
      }
    }
  }
  const routes = apiRoutesOf(topology.functions);
  const warnings: string[] = [];
  const protectedRoutes = routes.filter((route) => route.auth !== "none");
  if (protectedRoutes.length > 0 && !names.includes(topology.authorizer.functionName)) {
    warnings.push(
      `the authorizer ${topology.authorizer.functionName} is not a function of the manifest: ` +
        `${protectedRoutes.length} route(s) that need an API key answer 500 until it is added`,
    );
  }
  return { routes, eventSources, schedules, invokable: names, warnings };
}
