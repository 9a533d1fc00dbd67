import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SQSClient } from "@aws-sdk/client-sqs";
import { topology as manifest } from "../../infra/topology/manifest.js";
import type { Topology } from "../../infra/topology/types.js";
import { assertPortFree, freePort } from "../lib/ports.js";
import { LocalApiGateway } from "./api-gateway.js";
import { LOCAL_MAIL_PATH, startApiServer, type ApiServer } from "./api-server.js";
import { startDynamoDbLocal, type DynamoDbLocalServer } from "./dynamodb-local.js";
import { startFauxqsServer, type FauxqsServer } from "./fauxqs-server.js";
import {
  applyEnvironment,
  commonEnvironment,
  functionEnvironment,
  mergeEnvironments,
} from "./function-environment.js";
import { FunctionHost } from "./function-host.js";
import { startLambdaInvokeServer, type LambdaInvokeServer } from "./lambda-invoke-server.js";
import { LOCAL_REGION, localClientConfig } from "./local-aws.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../../lambdas/adapters/dynamodb/service-repository.js";
import { serviceCountOf, superviseLocalChain } from "./chain-supervisor.js";
import { startLocalChain, type LocalChain } from "./local-chain.js";
import { provisionResources, type LocalResources } from "./local-resources.js";
import { startLocalMailbox, type LocalMailbox } from "./local-mailbox.js";
import { loadLocalSecrets } from "./local-secrets.js";
import { RequestAuthorizer, RouteAuthorizers } from "./request-authorizer.js";
import { CONSOLE_PATH } from "./console-assets.js";
import { LOCAL_CONSOLE_OPERATOR, seedConsoleOperator } from "./console-operator.js";
import { planLocalRuntime } from "./runtime-plan.js";
import { LocalScheduler } from "./scheduler.js";
import { SqsEventSource } from "./sqs-event-source.js";
import { createStackLog, logFormatFromEnv, type StackLog } from "./stack-log.js";
import { removeStackFile, writeStackFile, type StackInfo } from "./stack-info.js";

export interface LocalStackPorts {
  readonly api: number;
  readonly lambda: number;
  readonly rpc: number;
  readonly dynamodb: number;
  readonly sqs: number;
  readonly smtp: number;
}

/** `npm start`'s ports; 0 picks a free one. */
export const DEFAULT_PORTS: LocalStackPorts = {
  api: 3000,
  lambda: 3001,
  rpc: 8545,
  dynamodb: 8000,
  sqs: 4566,
  smtp: 2525,
};

const PORT_OWNERS: Readonly<Record<keyof LocalStackPorts, string>> = {
  api: "the local API (--api-port)",
  lambda: "the Lambda Invoke endpoint (--lambda-port)",
  rpc: "the Hardhat node (--rpc-port)",
  dynamodb: "DynamoDB Local (--dynamodb-port)",
  sqs: "fauxqs SQS/S3 (--sqs-port)",
  smtp: "the local mail server (--smtp-port)",
};

export interface LocalStackOptions {
  readonly ports?: Partial<LocalStackPorts>;
  /** Keep DynamoDB data (and the secrets it was written under) in this directory across restarts. */
  readonly persistDir?: string;
  /** Write the stack info here once everything is up, and remove it on stop. */
  readonly stackFile?: string;
  readonly log?: StackLog;
  /** Powertools log level of the handlers (default: $POWERTOOLS_LOG_LEVEL or WARN). */
  readonly handlerLogLevel?: string;
  /** Below API Gateway's 10 MB to try the 413 path. */
  readonly maxRequestBodyBytes?: number;
  /** Ignition deployment id (default `local`). */
  readonly deploymentId?: string;
  readonly topology?: Topology;
  /** Called as each start-up step begins (progress display). */
  readonly onStep?: (step: string) => void;
  /**
   * Start DynamoDB Local and the Hardhat node in their own process groups, so a terminal's Ctrl-C
   * reaches only this process, which stops them after the running functions have finished. Only for
   * callers that handle SIGINT by calling `stop()` (`npm start`); otherwise Ctrl-C would orphan them.
   */
  readonly ownProcessGroups?: boolean;
}

export interface LocalStack {
  readonly stackInfo: StackInfo;
  readonly resources: LocalResources;
  readonly functions: FunctionHost;
  readonly scheduler: LocalScheduler;
  readonly chain: Pick<LocalChain, "admin" | "attester" | "serviceId">;
  /** The in-process SMTP server the notifier sends to (also served at `GET /_local/mail`). */
  readonly mailbox: Pick<LocalMailbox, "messages" | "clear" | "smtpUrl">;
  readonly warnings: readonly string[];
  /** Stops every server and child process; safe to call twice. */
  stop(): Promise<void>;
}

const RESOURCE_PREFIX = "kyc-attest-local";
/** The notifier's sender and help-article base locally (AWS: deployment settings). */
const LOCAL_SENDER = "kyc-attest <no-reply@kyc-attest.localhost>";
const LOCAL_HELP_CENTRE_URL = "https://help.kyc-attest.example/articles/";
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
let startedInThisProcess = false;

/**
 * Starts the whole service on loopback: DynamoDB Local, fauxqs (SQS, S3), a Hardhat node with the
 * registry, every manifest function behind its triggers (API, SQS event sources, schedules, Lambda
 * Invoke). `npm start` and the end-to-end tests both start the stack through this function.
 *
 * One stack per process: handlers run in this process and keep the clients they built from its
 * environment for the life of the process, as warm Lambda environments do.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (startedInThisProcess) throw new Error("a local stack was already started in this process");
  const topology = options.topology ?? manifest;
  const log = options.log ?? createStackLog(logFormatFromEnv(), (line) => console.log(line));
  const step = options.onStep ?? (() => undefined);
  const plan = planLocalRuntime(topology);
  // Nothing has started yet when the manifest or a port is refused: a later attempt may go ahead.
  const ports = await resolvePorts({ ...DEFAULT_PORTS, ...options.ports });
  startedInThisProcess = true;

  const stops: (() => Promise<void>)[] = [];
  let restoreEnvironment = () => {};
  let beginDrain = () => {};
  let stopSupervising = () => {};
  // First of all the node's supervisor lets go: a Ctrl-C reaches the Hardhat node too (the terminal signals
  // the whole process group), and its end is then a shutdown, not a death to restart after.
  // In reverse start order: the API and Invoke servers, the pollers, the scheduler, then (after every
  // running invocation has drained) the SQS client and the servers the functions talk to. Draining
  // starts first, so no function is still calling DynamoDB Local or fauxqs once they stop.
  const stopAll = async () => {
    stopSupervising();
    beginDrain();
    const pending = stops.splice(0).reverse();
    for (const stopOne of pending) await stopOne().catch(() => undefined);
    restoreEnvironment();
    if (options.stackFile !== undefined) await removeStackFile(options.stackFile);
  };

  try {
    step("starting DynamoDB Local, fauxqs, the Hardhat node and the mail server");
    const started = await Promise.allSettled([
      startDynamoDbLocal({
        port: ports.dynamodb,
        detached: options.ownProcessGroups === true,
        ...(options.persistDir ? { persistDir: options.persistDir } : {}),
      }),
      startFauxqsServer({ port: ports.sqs }),
      startLocalChain({
        port: ports.rpc,
        deploymentId: options.deploymentId ?? "local",
        detached: options.ownProcessGroups === true,
      }),
      startLocalMailbox({ port: ports.smtp }),
    ]);
    for (const result of started) if (result.status === "fulfilled") stops.push(() => result.value.stop());
    const failure = started.find((result) => result.status === "rejected");
    if (failure !== undefined) throw failure.reason;
    const [dynamodb, fauxqs, chain, mailbox] = started.map(
      (result) => (result as PromiseFulfilledResult<unknown>).value,
    ) as [DynamoDbLocalServer, FauxqsServer, LocalChain, LocalMailbox];

    step("creating tables, queues and buckets");
    const resources = await provisionResources(topology, {
      prefix: RESOURCE_PREFIX,
      dynamodbEndpoint: dynamodb.endpoint,
      sqsEndpoint: fauxqs.endpoint,
      s3Endpoint: fauxqs.endpoint,
    });
    const secrets = await loadLocalSecrets(topology.secrets, options.persistDir);
    const documents = createDocumentClient(localClientConfig(dynamodb.endpoint));
    await seedConsoleOperator(documents, resources.tables.main as string, LOCAL_CONSOLE_OPERATOR);
    const services = new DynamoDbServiceRepository(documents, resources.tables.main as string);
    const supervisor = superviseLocalChain(chain, {
      log,
      serviceCount: async () => {
        const ids: (string | null)[] = [];
        let cursor: string | null = null;
        do {
          const page = await services.list(cursor, 100);
          ids.push(...page.items.map((service) => service.onchainServiceId));
          cursor = page.cursor;
        } while (cursor !== null);
        return serviceCountOf(ids);
      },
    });
    stopSupervising = () => supervisor.stop();
    stops.push(async () => documents.destroy());
    const lambdaEndpoint = `http://127.0.0.1:${ports.lambda}`;
    const chainValues = {
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      registryAddress: chain.registryAddress,
      serviceId: chain.serviceId,
      signerPrivateKey: chain.attester.privateKey,
      adminPrivateKey: chain.admin.privateKey,
    };
    const environment = {
      ...commonEnvironment(
        { dynamodb: dynamodb.endpoint, sqs: fauxqs.endpoint, s3: fauxqs.endpoint, lambda: lambdaEndpoint },
        options.handlerLogLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
      ),
      ...mergeEnvironments(
        topology.functions.map((spec) => ({
          functionName: spec.name,
          env: functionEnvironment(spec, topology, resources, secrets, chainValues, {
            smtpUrl: mailbox.smtpUrl,
            fromAddress: LOCAL_SENDER,
            helpCentreUrl: LOCAL_HELP_CENTRE_URL,
          }),
        })),
      ),
    };
    restoreEnvironment = applyEnvironment(environment);

    step(`loading ${topology.functions.length} functions`);
    const functions = await FunctionHost.load(topology.functions, projectRoot);
    beginDrain = () => functions.beginDrain();
    stops.push(() => functions.drain());

    step("starting the API, the Lambda endpoint, the SQS pollers and the scheduler");
    const scheduler = new LocalScheduler(plan.schedules, functions, log);
    scheduler.start();
    stops.push(() => scheduler.stop());

    const sqs = new SQSClient(localClientConfig(fauxqs.endpoint));
    stops.push(async () => sqs.destroy());
    for (const source of plan.eventSources) {
      const queue = resources.queues[source.queueId]!;
      const eventSource = new SqsEventSource(
        { ...source, queueName: queue.name, queueUrl: queue.url, queueArn: queue.arn },
        sqs,
        functions,
        log,
      );
      eventSource.start();
      stops.push(() => eventSource.stop());
    }

    const gateway = new LocalApiGateway(
      topology.api,
      plan.routes,
      new RouteAuthorizers(
        new RequestAuthorizer(topology.authorizer, functions),
        new RequestAuthorizer(topology.consoleAuthorizer, functions),
      ),
      functions,
    );
    const servers = await Promise.allSettled([
      startApiServer({
        port: ports.api,
        api: topology.api,
        gateway,
        log,
        maxRequestBodyBytes: options.maxRequestBodyBytes ?? topology.api.maxRequestBodyBytes,
        mailbox,
        consoleAssetsDir: join(projectRoot, topology.console.assetsDir),
      }),
      startLambdaInvokeServer({ port: ports.lambda, functions, log }),
    ]);
    for (const result of servers) if (result.status === "fulfilled") stops.push(() => result.value.stop());
    const serverFailure = servers.find((result) => result.status === "rejected");
    if (serverFailure !== undefined) throw serverFailure.reason;
    const [api, invoke] = servers.map((result) => (result as PromiseFulfilledResult<unknown>).value) as [
      ApiServer,
      LambdaInvokeServer,
    ];

    const stackInfo: StackInfo = {
      apiUrl: api.url,
      lambdaEndpoint: invoke.endpoint,
      rpcUrl: chain.rpcUrl,
      chainId: Number(chain.chainId),
      registryAddress: chain.registryAddress,
      registryServiceId: Number(chain.serviceId),
      attesterAddress: chain.attester.address,
      dynamodbEndpoint: dynamodb.endpoint,
      sqsEndpoint: fauxqs.endpoint,
      s3Endpoint: fauxqs.endpoint,
      region: LOCAL_REGION,
      smtpUrl: mailbox.smtpUrl,
      mailUrl: `${api.url}${LOCAL_MAIL_PATH}`,
      consoleUrl: `${api.url}${CONSOLE_PATH}`,
      consoleOperator: LOCAL_CONSOLE_OPERATOR.username,
    };
    if (options.stackFile !== undefined) await writeStackFile(options.stackFile, stackInfo);
    for (const warning of plan.warnings) log.line("stack", `warning: ${warning}`, { warning });

    let stopping: Promise<void> | null = null;
    return {
      stackInfo,
      resources,
      functions,
      scheduler,
      chain: { admin: chain.admin, attester: chain.attester, serviceId: chain.serviceId },
      mailbox,
      warnings: plan.warnings,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Fixed ports must be free (checked before anything starts); 0 becomes a free port. */
async function resolvePorts(requested: LocalStackPorts): Promise<LocalStackPorts> {
  const resolved: Record<string, number> = {};
  for (const [name, port] of Object.entries(requested) as [keyof LocalStackPorts, number][]) {
    if (port === 0) {
      let candidate = await freePort();
      while (Object.values(resolved).includes(candidate)) candidate = await freePort();
      resolved[name] = candidate;
    } else {
      await assertPortFree(port, PORT_OWNERS[name]);
      resolved[name] = port;
    }
  }
  return resolved as unknown as LocalStackPorts;
}
