import type { FunctionSpec, Topology, Trigger } from "./topology/types.js";

/** The manifest describes something AWS would refuse or that would silently misbehave once deployed. */
export class TopologyError extends Error {
  override readonly name = "TopologyError";
  readonly context: Readonly<{ problems: readonly string[] }>;

  constructor(problems: readonly string[]) {
    super(`the topology manifest is inconsistent:\n- ${problems.join("\n- ")}`);
    this.context = { problems };
  }
}

/** Lambda: a function name is at most 64 characters; the deployment prefix takes up to 24 of them. */
const MAX_FUNCTION_NAME_LENGTH = 40;
const SCHEDULE_EXPRESSION =
  /^(rate\(1 (minute|hour|day)\)|rate\([1-9]\d* (minutes|hours|days)\)|cron\(.+\)|at\(.+\))$/;
const RESOURCE_PATH = /^(\/[A-Za-z0-9._~:+-]+|\/\{[A-Za-z][A-Za-z0-9]*\})+$/;

const isIntegerIn = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

/**
 * Checks every cross-reference and every AWS limit the stacks rely on, and reports all problems at once.
 * Pure: the CDK app calls it before building anything, tests call it on hand-made manifests.
 */
export function validateTopology(topology: Topology): void {
  const problems = [
    ...topology.functions.flatMap((spec) => functionProblems(topology, spec)),
    ...duplicates(topology.functions.map((spec) => spec.name)).map(
      (name) => `function ${name} is listed twice`,
    ),
    ...duplicateRoutes(topology),
    ...duplicateConsumers(topology),
    ...resourceProblems(topology),
  ];
  if (problems.length > 0) throw new TopologyError(problems);
}

function functionProblems(topology: Topology, spec: FunctionSpec): string[] {
  const where = `function ${spec.name}`;
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name) || spec.name.length > MAX_FUNCTION_NAME_LENGTH) {
    problems.push(
      `${where}: the name must be lower-case kebab-case of at most ${MAX_FUNCTION_NAME_LENGTH} characters`,
    );
  }
  if (!/\.(ts|mts|js|mjs)$/.test(spec.entry)) {
    problems.push(`${where}: entry ${spec.entry} is not a TypeScript/JavaScript file`);
  }
  if (!isIntegerIn(spec.memoryMb, 128, 10_240)) problems.push(`${where}: memory must be 128–10240 MB`);
  if (!isIntegerIn(spec.timeoutSeconds, 1, 900)) problems.push(`${where}: timeout must be 1–900 s`);
  if (spec.reservedConcurrency !== undefined && !isIntegerIn(spec.reservedConcurrency, 1, Infinity)) {
    problems.push(`${where}: reserved concurrency must be a positive integer (0 would disable the function)`);
  }
  // API Gateway runs the authorizers itself; any other function without a trigger would never run.
  const authorizers = [topology.authorizer.functionName, topology.consoleAuthorizer.functionName];
  if (spec.triggers.length === 0 && !authorizers.includes(spec.name)) {
    problems.push(`${where} has no trigger: nothing would ever run it`);
  }
  if (authorizers.includes(spec.name) && spec.triggers.some((trigger) => trigger.kind === "http")) {
    problems.push(`${where}: the authorizer must not serve a route itself`);
  }
  problems.push(...needsProblems(topology, spec));
  for (const trigger of spec.triggers) problems.push(...triggerProblems(topology, spec, trigger));
  return problems;
}

function triggerProblems(topology: Topology, spec: FunctionSpec, trigger: Trigger): string[] {
  const where = `function ${spec.name}`;
  switch (trigger.kind) {
    case "http": {
      const problems: string[] = [];
      if (!RESOURCE_PATH.test(trigger.path)) {
        problems.push(`${where}: route path ${trigger.path} is not an API Gateway resource path`);
      }
      if (spec.timeoutSeconds > topology.api.integrationTimeoutSeconds) {
        problems.push(
          `${where}: timeout ${spec.timeoutSeconds} s exceeds the API integration timeout of ${topology.api.integrationTimeoutSeconds} s`,
        );
      }
      const authorizer =
        trigger.auth === "console"
          ? topology.consoleAuthorizer.functionName
          : topology.authorizer.functionName;
      if (trigger.auth !== "none" && !topology.functions.some((candidate) => candidate.name === authorizer)) {
        problems.push(
          `${where}: route ${trigger.method} ${trigger.path} needs ${trigger.auth === "console" ? "the console session" : `scope "${trigger.auth}"`} but the authorizer function ${authorizer} is not in the manifest`,
        );
      }
      return problems;
    }
    case "sqs":
      return queueTriggerProblems(topology, spec, trigger);
    case "schedule":
      return SCHEDULE_EXPRESSION.test(trigger.expression)
        ? []
        : [`${where}: ${trigger.expression} is not a rate(), cron() or at() expression`];
    case "invoke":
      return [];
  }
}

/** Lambda's event source mapping limits, which differ for FIFO queues. */
function queueTriggerProblems(
  topology: Topology,
  spec: FunctionSpec,
  trigger: Extract<Trigger, { kind: "sqs" }>,
): string[] {
  const where = `function ${spec.name}`;
  const queue = topology.queues.find((candidate) => candidate.id === trigger.queue);
  if (queue === undefined) return [`${where}: consumes unknown queue ${trigger.queue}`];
  const problems: string[] = [];
  if (queue.visibilityTimeoutSeconds < spec.timeoutSeconds) {
    problems.push(`${where}: queue ${queue.id}'s visibility timeout is shorter than the function timeout`);
  }
  if (!isIntegerIn(trigger.maxBatchingWindowSeconds, 0, 300)) {
    problems.push(`${where}: the batching window must be 0–300 s`);
  }
  if (queue.fifo) {
    if (trigger.maxBatchingWindowSeconds !== 0) {
      problems.push(`${where}: FIFO queue ${queue.id} allows no batching window`);
    }
    if (!isIntegerIn(trigger.batchSize, 1, 10)) problems.push(`${where}: FIFO batch size must be 1–10`);
  } else {
    if (!isIntegerIn(trigger.batchSize, 1, 10_000)) problems.push(`${where}: batch size must be 1–10000`);
    if (trigger.batchSize > 10 && trigger.maxBatchingWindowSeconds < 1) {
      problems.push(`${where}: a batch size above 10 needs a batching window of at least 1 s`);
    }
  }
  return problems;
}

function needsProblems(topology: Topology, spec: FunctionSpec): string[] {
  const where = `function ${spec.name}`;
  const { needs } = spec;
  const problems: string[] = [];
  const unknown = (kind: string, ids: readonly string[], known: readonly { id: string }[]) => {
    for (const id of ids) {
      if (!known.some((candidate) => candidate.id === id)) problems.push(`${where}: unknown ${kind} ${id}`);
    }
  };
  unknown("table", Object.keys(needs.tables ?? {}), topology.tables);
  unknown("queue", needs.sendsTo ?? [], topology.queues);
  unknown("bucket", Object.keys(needs.buckets ?? {}), topology.buckets);
  unknown("secret", needs.secrets ?? [], topology.secrets);
  for (const [keyId, operations] of Object.entries(needs.keys ?? {})) {
    const key = topology.keys.find((candidate) => candidate.id === keyId);
    if (key === undefined) {
      problems.push(`${where}: unknown key ${keyId}`);
      continue;
    }
    for (const operation of operations ?? []) {
      // A signing key signs and shows its public key; a symmetric key encrypts and decrypts.
      const allowed =
        key.keyUsage === "SIGN_VERIFY"
          ? operation === "sign" || operation === "public-key"
          : operation === "encrypt" || operation === "decrypt";
      if (!allowed) problems.push(`${where}: key ${keyId} (${key.keyUsage}) cannot ${operation}`);
    }
  }
  for (const target of needs.invokes ?? []) {
    if (target === spec.name) problems.push(`${where} invokes itself`);
    else if (!topology.functions.some((candidate) => candidate.name === target)) {
      problems.push(`${where}: invokes unknown function ${target}`);
    }
  }
  return problems;
}

function duplicateRoutes(topology: Topology): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const spec of topology.functions) {
    for (const trigger of spec.triggers) {
      if (trigger.kind !== "http") continue;
      const route = `${trigger.method} ${trigger.path}`;
      const owner = owners.get(route);
      if (owner !== undefined)
        problems.push(`function ${spec.name}: route ${route} is already served by ${owner}`);
      else owners.set(route, spec.name);
    }
  }
  return problems;
}

/** Two event source mappings on one queue would split its messages between two functions. */
function duplicateConsumers(topology: Topology): string[] {
  const consumers = new Map<string, string>();
  const problems: string[] = [];
  for (const spec of topology.functions) {
    for (const trigger of spec.triggers) {
      if (trigger.kind !== "sqs") continue;
      const consumer = consumers.get(trigger.queue);
      if (consumer !== undefined) {
        problems.push(`function ${spec.name}: queue ${trigger.queue} is already consumed by ${consumer}`);
      } else consumers.set(trigger.queue, spec.name);
    }
  }
  return problems;
}

function resourceProblems(topology: Topology): string[] {
  const problems = duplicates(topology.queues.map((queue) => queue.id)).map(
    (id) => `queue ${id} is listed twice`,
  );
  for (const queue of topology.queues) {
    if (!isIntegerIn(queue.maxReceiveCount, 1, 1000))
      problems.push(`queue ${queue.id}: max receive count must be 1–1000`);
    if (!isIntegerIn(queue.retentionDays, 1, 14))
      problems.push(`queue ${queue.id}: retention must be 1–14 days`);
    if (!isIntegerIn(queue.visibilityTimeoutSeconds, 0, 43_200)) {
      problems.push(`queue ${queue.id}: visibility timeout must be 0–43200 s`);
    }
  }
  for (const bucket of topology.buckets) {
    const transition = bucket.transitionToInfrequentAccessDays;
    // S3 moves objects to Standard-IA no earlier than 30 days after creation.
    if (transition !== undefined && transition < 30) {
      problems.push(`bucket ${bucket.id}: the IA transition needs at least 30 days`);
    }
    if (bucket.expireAfterDays !== undefined && bucket.expireAfterDays < 1) {
      problems.push(`bucket ${bucket.id}: expiry must be at least 1 day`);
    }
  }
  if (!topology.keys.some((key) => key.id === "data" && key.keySpec === "SYMMETRIC_DEFAULT")) {
    problems.push('a symmetric key with id "data" must encrypt the data at rest');
  }
  for (const [what, authorizer] of [
    ["the authorizer", topology.authorizer],
    ["the console authorizer", topology.consoleAuthorizer],
  ] as const) {
    if (authorizer.identityHeaders.length === 0) {
      problems.push(`${what} needs at least one identity header`);
    }
    if (!isIntegerIn(authorizer.resultsCacheTtlSeconds, 0, 3600)) {
      problems.push(`${what} cache TTL must be 0–3600 s`);
    }
  }
  const throttles = [
    ["the stage", topology.api.stageThrottle],
    ...Object.entries(topology.api.perKeyThrottle).map(([scope, spec]) => [`${scope} keys`, spec] as const),
  ] as const;
  for (const [what, throttle] of throttles) {
    // A zero rate or burst would refuse every request.
    if (!(throttle.rateLimit > 0) || !isIntegerIn(throttle.burstLimit, 1, Infinity)) {
      problems.push(`throttle of ${what}: the rate must be positive and the burst a positive integer`);
    }
  }
  return problems;
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}
