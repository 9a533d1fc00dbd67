import { parseCommandLine } from "./command-line.js";
import { OperatorCommandError, UsageError } from "./errors.js";
import type { OperatorFunctionInvoker } from "./function-invoker.js";
import type { InvokeTarget } from "./invoke-target.js";
import { renderResult } from "./render.js";
import { USAGE } from "./usage.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliEnvironment {
  /** Where to send the command (endpoint, stage and region options as given). */
  resolveTarget(choice: { endpoint?: string; stage?: string; region?: string }): Promise<InvokeTarget>;
  invokerFor(target: InvokeTarget): OperatorFunctionInvoker;
  operatorFor(target: InvokeTarget): Promise<string>;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Runs one command line; answers the process exit code. Never throws. */
export async function runCli(
  args: readonly string[],
  environment: CliEnvironment,
  io: CliIo,
): Promise<number> {
  let json = args.includes("--json");
  try {
    const line = parseCommandLine(args);
    json = line.json;
    if (line.command === null) {
      io.out(USAGE);
      return EXIT.ok;
    }
    const target = await environment.resolveTarget(line);
    const payload = line.command.needsOperator
      ? { ...line.command.payload, operator: await environment.operatorFor(target) }
      : line.command.payload;
    const data = await environment.invokerFor(target)(line.command.functionName, payload);
    io.out(json ? JSON.stringify(data, null, 2) : renderResult(line.command.name, data));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(
        json
          ? JSON.stringify({ error: { code: 400, message: error.message } })
          : `Error: ${error.message}\n\n${USAGE}`,
      );
      return EXIT.usage;
    }
    const code = error instanceof OperatorCommandError ? error.code : 500;
    const message = error instanceof Error ? error.message : String(error);
    io.err(json ? JSON.stringify({ error: { code, message } }) : `Error (${code}): ${message}`);
    return EXIT.failed;
  }
}
