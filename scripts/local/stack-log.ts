/**
 * One line per request, batch, schedule firing or invocation: readable text by default, one JSON object
 * per line with `LOG_FORMAT=json`.
 */
export type LogFormat = "text" | "json";
export type LogKind = "stack" | "http" | "sqs" | "schedule" | "invoke";

export interface StackLog {
  line(kind: LogKind, message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export function logFormatFromEnv(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return env.LOG_FORMAT?.toLowerCase() === "json" ? "json" : "text";
}

export function createStackLog(format: LogFormat, write: (line: string) => void): StackLog {
  return {
    line(kind, message, fields = {}) {
      const time = new Date();
      if (format === "json") {
        write(JSON.stringify({ time: time.toISOString(), kind, message, ...fields }));
      } else {
        write(`${time.toISOString().slice(11, 23)} ${kind.padEnd(8)} ${message}`);
      }
    },
  };
}

/** A log that drops everything (tests that assert on behaviour, not on output). */
export const silentLog: StackLog = { line: () => undefined };
