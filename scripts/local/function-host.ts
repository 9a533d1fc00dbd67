import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import type { FunctionSpec } from "../../infra/topology/types.js";
import { ConcurrencyLimit } from "./concurrency-limit.js";
import { HandlerLoadError, UnknownFunctionError } from "./errors.js";
import { lambdaContext } from "./lambda-context.js";

type Handler = (event: unknown, context: Context) => unknown;

/** What the Lambda runtime reports for a failed invocation (the Invoke API's error payload). */
export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export type InvocationOutcome = { requestId: string; durationMs: number } & (
  { status: "ok"; payload: unknown } | { status: "error"; error: FunctionError }
);

interface LoadedFunction {
  readonly spec: FunctionSpec;
  readonly handler: Handler;
  readonly limit: ConcurrencyLimit | null;
}

/**
 * The local Lambda service: imports each function's handler module once (its module scope is the warm
 * execution environment) and invokes it the way the Node.js runtime does — the event as a JSON copy, a
 * context with the configured memory and deadline, the result marshalled to JSON, the timeout enforced
 * and reserved concurrency respected. Handlers run in this process and share its environment, so the
 * environment must be in place before `load`.
 */
export class FunctionHost {
  private readonly functions = new Map<string, LoadedFunction>();
  private readonly inFlight = new Set<Promise<InvocationOutcome>>();
  /** Set once the stack stops: no new invocations, and running ones see their deadline as now. */
  private draining = false;

  private constructor() {}

  static async load(specs: readonly FunctionSpec[], projectRoot: string): Promise<FunctionHost> {
    const host = new FunctionHost();
    for (const spec of specs) {
      host.functions.set(spec.name, {
        spec,
        handler: await importHandler(spec, projectRoot),
        limit: spec.reservedConcurrency === undefined ? null : new ConcurrencyLimit(spec.reservedConcurrency),
      });
    }
    return host;
  }

  names(): string[] {
    return [...this.functions.keys()];
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  spec(name: string): FunctionSpec {
    const loaded = this.functions.get(name);
    if (loaded === undefined) throw new UnknownFunctionError(name);
    return loaded.spec;
  }

  /** Runs one invocation; a thrown error, a timeout or an unserialisable result is an `error` outcome. */
  async invoke(name: string, event: unknown): Promise<InvocationOutcome> {
    const loaded = this.functions.get(name);
    if (loaded === undefined) throw new UnknownFunctionError(name);
    if (this.draining) {
      return {
        requestId: randomUUID(),
        durationMs: 0,
        status: "error",
        error: {
          errorType: "ServiceUnavailable",
          errorMessage: "the local stack is stopping",
          trace: [],
        },
      } as InvocationOutcome;
    }
    const run = () => runOnce(loaded, event, () => this.draining);
    const invocation = loaded.limit === null ? run() : loaded.limit.run(run);
    this.inFlight.add(invocation);
    void invocation.finally(() => this.inFlight.delete(invocation));
    return invocation;
  }

  /**
   * The first step of stopping the stack: refuse new invocations and bring running ones' deadlines to now,
   * so polling handlers (the outbox relays) wrap up at their next check instead of running to their timeout.
   */
  beginDrain(): void {
    this.draining = true;
  }

  /** Resolves once every running invocation has finished: only then may the servers they use stop. */
  async drain(): Promise<void> {
    this.beginDrain();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

async function importHandler(spec: FunctionSpec, projectRoot: string): Promise<Handler> {
  const file = resolve(projectRoot, spec.entry);
  if (!existsSync(file)) throw new HandlerLoadError(spec.name, spec.entry, "the entry file does not exist");
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new HandlerLoadError(spec.name, spec.entry, "the module failed to load", { cause });
  }
  const handler = module.handler;
  if (typeof handler !== "function") {
    throw new HandlerLoadError(spec.name, spec.entry, "the module does not export a `handler` function");
  }
  return handler as Handler;
}

async function runOnce(
  loaded: LoadedFunction,
  event: unknown,
  draining: () => boolean,
): Promise<InvocationOutcome> {
  const requestId = randomUUID();
  const started = Date.now();
  const timeoutMs = loaded.spec.timeoutSeconds * 1000;
  const deadline = started + timeoutMs;
  const context = lambdaContext(loaded.spec, requestId, () => (draining() ? Date.now() : deadline));
  // Lambda hands the function a deserialised copy: handlers may mutate their event freely.
  const eventCopy: unknown = event === undefined ? {} : JSON.parse(JSON.stringify(event));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout("timeout"), timeoutMs);
  });
  const finish = (outcome: { status: "ok"; payload: unknown } | { status: "error"; error: FunctionError }) =>
    ({ requestId, durationMs: Date.now() - started, ...outcome }) as InvocationOutcome;
  try {
    const result = await Promise.race([
      Promise.resolve().then(() => loaded.handler(eventCopy, context)),
      timedOut,
    ]);
    if (result === "timeout") {
      return finish({
        status: "error",
        error: {
          errorType: "Sandbox.Timedout",
          errorMessage: `Task timed out after ${loaded.spec.timeoutSeconds.toFixed(2)} seconds`,
          trace: [],
        },
      });
    }
    return finish(marshal(result));
  } catch (error) {
    return finish({ status: "error", error: functionErrorOf(error) });
  } finally {
    clearTimeout(timer);
  }
}

/** The runtime serialises the result to JSON; `undefined` becomes `null`. */
function marshal(
  result: unknown,
): { status: "ok"; payload: unknown } | { status: "error"; error: FunctionError } {
  if (result === undefined) return { status: "ok", payload: null };
  try {
    return { status: "ok", payload: JSON.parse(JSON.stringify(result)) as unknown };
  } catch (cause) {
    return {
      status: "error",
      error: {
        errorType: "Runtime.MarshalError",
        errorMessage: `Unable to stringify response body: ${cause instanceof Error ? cause.message : String(cause)}`,
        trace: [],
      },
    };
  }
}

export function functionErrorOf(error: unknown): FunctionError {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? "").split("\n").filter((line) => line.trim() !== ""),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}
