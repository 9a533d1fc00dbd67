/** Errors of the local runtime. Each names what failed and carries the context needed to fix it. */

/** A local server (DynamoDB Local, fauxqs, Hardhat, the API) could not be started. */
export class LocalServerStartError extends Error {
  override readonly name = "LocalServerStartError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    server: string,
    message: string,
    options: { cause?: unknown; context?: Record<string, unknown> } = {},
  ) {
    super(`${server}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = { server, ...options.context };
  }
}

/** A local server was asked to restart while the stack is stopping: nothing was (or stays) started. */
export class ChainStoppedError extends Error {
  override readonly name = "ChainStoppedError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(server: string, message: string) {
    super(`${server}: ${message}`);
    this.context = { server };
  }
}

/** The manifest cannot be served as written (unknown queue, conflicting environment values, bad route). */
export class TopologyError extends Error {
  override readonly name = "TopologyError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.context = context;
  }
}

/** A schedule expression outside the supported `rate(...)` / `cron(...)` grammar. */
export class ScheduleExpressionError extends Error {
  override readonly name = "ScheduleExpressionError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(expression: string, reason: string) {
    super(`invalid schedule expression ${JSON.stringify(expression)}: ${reason}`);
    this.context = { expression };
  }
}

/** A handler module that cannot be loaded or does not export a `handler` function. */
export class HandlerLoadError extends Error {
  override readonly name = "HandlerLoadError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(functionName: string, entry: string, message: string, options?: { cause?: unknown }) {
    super(`function ${functionName} (${entry}): ${message}`, options);
    this.context = { functionName, entry };
  }
}

/** An invocation of a function the manifest does not list. */
export class UnknownFunctionError extends Error {
  override readonly name = "UnknownFunctionError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(functionName: string) {
    super(`no function named ${functionName}`);
    this.context = { functionName };
  }
}
