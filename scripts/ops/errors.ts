/** The command line is wrong: the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  override readonly name: string = "UsageError";
}

/** The invoked function refused or failed: `code` is its HTTP-like code (502 when the function threw). */
export class OperatorCommandError extends Error {
  override readonly name: string = "OperatorCommandError";

  constructor(
    readonly code: number,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
