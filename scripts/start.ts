/**
 * `npm start`: the whole service on this machine, on loopback — DynamoDB Local, fauxqs (SQS, S3), a
 * Hardhat node with the registry, and every function of the topology manifest behind its API route, SQS
 * poller, schedule and the Lambda Invoke endpoint. Writes `.local/stack.json`, runs the demo, prints curl
 * examples and serves until Ctrl-C.
 *
 *   npm start -- [--no-demo] [--persist <dir>] [--api-port 3000] [--lambda-port 3001] [--rpc-port 8545]
 *                [--dynamodb-port 8000] [--sqs-port 4566] [--smtp-port 2525]   (0 = any free port; LOG_FORMAT=json)
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { topology } from "../infra/topology/manifest.js";
import { createProgress } from "./demo/progress.js";
import { formatDemoSummary, runDemo } from "./demo/run-demo.js";
import {
  DEFAULT_PORTS,
  startLocalStack,
  type LocalStack,
  type LocalStackPorts,
} from "./local/local-stack.js";
import { formatConsoleSignIn, formatCurlExamples, formatStackBanner } from "./local/stack-banner.js";
import { createStackLog, logFormatFromEnv, type StackLog } from "./local/stack-log.js";

const projectRoot = fileURLToPath(new URL("../", import.meta.url));
const STACK_FILE = resolve(projectRoot, ".local/stack.json");
/** A second Ctrl-C this long after the first exits without waiting for the shutdown. */
const FORCE_AFTER_MS = 1000;

const USAGE = `Usage: npm start -- [options]
  --no-demo               serve only; skip the demo
  --persist <dir>         keep DynamoDB data (and the identifier pepper) in <dir> across restarts
  --api-port <n>          local API (default ${DEFAULT_PORTS.api})
  --lambda-port <n>       Lambda Invoke endpoint (default ${DEFAULT_PORTS.lambda})
  --rpc-port <n>          Hardhat node JSON-RPC (default ${DEFAULT_PORTS.rpc})
  --dynamodb-port <n>     DynamoDB Local (default ${DEFAULT_PORTS.dynamodb})
  --sqs-port <n>          fauxqs, SQS and S3 (default ${DEFAULT_PORTS.sqs})
  --smtp-port <n>         local mail server (SMTP) the notifier sends to (default ${DEFAULT_PORTS.smtp})
  Ports may be 0 (any free port). LOG_FORMAT=json logs one JSON object per line.`;

class UsageError extends Error {
  override readonly name = "UsageError";
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        "no-demo": { type: "boolean", default: false },
        persist: { type: "string" },
        "api-port": { type: "string" },
        "lambda-port": { type: "string" },
        "rpc-port": { type: "string" },
        "dynamodb-port": { type: "string" },
        "sqs-port": { type: "string" },
        "smtp-port": { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const port = (flag: string, fallback: number): number => {
    const raw = values[flag as keyof typeof values];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (typeof raw !== "string" || !/^\d+$/.test(raw) || value > 65_535) {
      throw new UsageError(`--${flag} must be a port number (0-65535), got ${String(raw)}`);
    }
    return value;
  };
  const ports: LocalStackPorts = {
    api: port("api-port", DEFAULT_PORTS.api),
    lambda: port("lambda-port", DEFAULT_PORTS.lambda),
    rpc: port("rpc-port", DEFAULT_PORTS.rpc),
    dynamodb: port("dynamodb-port", DEFAULT_PORTS.dynamodb),
    sqs: port("sqs-port", DEFAULT_PORTS.sqs),
    smtp: port("smtp-port", DEFAULT_PORTS.smtp),
  };
  return { help: values.help === true, demo: values["no-demo"] !== true, persist: values.persist, ports };
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  // While the demo's progress bar is on screen, its own requests are not logged line by line.
  let demoRunning = false;
  const interactive = process.stdout.isTTY === true;
  const stackLog = createStackLog(logFormatFromEnv(), (line) =>
    process.stdout.write(`${interactive ? "\r\x1b[2K" : ""}${line}\n`),
  );
  const log: StackLog = {
    line: (kind, message, fields) => {
      if (!demoRunning || kind === "stack") stackLog.line(kind, message, fields);
    },
  };
  const progress = createProgress(process.stdout);
  const started = Date.now();
  let stack: LocalStack;
  // Ctrl-C while starting: exit, which kills the servers' own process groups (their exit hooks).
  const exitWhileStarting = () => process.exit(130);
  process.once("SIGINT", exitWhileStarting);
  process.once("SIGTERM", exitWhileStarting);
  try {
    stack = await startLocalStack({
      ports: options.ports,
      stackFile: STACK_FILE,
      log,
      // SIGINT is handled below: Ctrl-C drains the functions before DynamoDB Local and the node stop.
      ownProcessGroups: true,
      ...(options.persist === undefined ? {} : { persistDir: resolve(options.persist) }),
      onStep: (step) => log.line("stack", step),
    });
  } catch (error) {
    console.error(`\nThe local stack did not start: ${describe(error)}`);
    process.exit(1);
  }

  let shutdownStartedAt: number | null = null;
  const shutDown = (signal: string) => {
    if (shutdownStartedAt !== null) {
      // A terminal's Ctrl-C reaches this process twice (directly and relayed by tsx): only a later one forces.
      if (Date.now() - shutdownStartedAt < FORCE_AFTER_MS) return;
      console.error("Forced exit.");
      process.exit(1);
    }
    shutdownStartedAt = Date.now();
    log.line("stack", `${signal}: stopping every server and child process…`);
    stack
      .stop()
      .then(() => {
        log.line("stack", "stopped");
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(`Shutdown failed: ${describe(error)}`);
        process.exit(1);
      });
  };
  process.off("SIGINT", exitWhileStarting);
  process.off("SIGTERM", exitWhileStarting);
  process.on("SIGINT", () => shutDown("SIGINT"));
  process.on("SIGTERM", () => shutDown("SIGTERM"));

  console.log(`\nkyc-attest local stack up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  console.log(formatStackBanner(stack.stackInfo, topology, stack.scheduler, STACK_FILE));

  if (options.demo) {
    console.log(
      "\nDemo: a dozen synthetic applicants through intake → bots → deduplication, then one customer remediation\n",
    );
    demoRunning = true;
    try {
      const result = await runDemo(stack, { write: (line) => console.log(`  ${line}`), progress });
      console.log(`\n${formatDemoSummary(result)}\n`);
    } catch (error) {
      console.error(`\nThe demo failed: ${describe(error)}\nThe stack keeps serving.`);
    } finally {
      demoRunning = false;
    }
  }
  console.log(`\n${formatCurlExamples(stack.stackInfo)}\n`);
  // Last, so it is on screen when the output stops: where to click next.
  console.log(`${formatConsoleSignIn(stack.stackInfo)}\n`);
  console.log("Serving. Ctrl-C stops everything.\n");
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

await main();
