import { buildApp } from "fauxqs";
import { LocalServerStartError } from "./errors.js";

export interface FauxqsServer {
  /** SQS and S3 share this endpoint. */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * fauxqs (SQS and S3 emulator) in this process, on 127.0.0.1 only. Built from `buildApp` rather than
 * `startFauxqs`, which listens on every interface; the price is that its state is in memory only.
 */
export async function startFauxqsServer(options: { port: number }): Promise<FauxqsServer> {
  const app = buildApp({ logger: false });
  let address: string;
  try {
    address = await app.listen({ port: options.port, host: "127.0.0.1" });
  } catch (cause) {
    await app.close();
    const inUse = (cause as NodeJS.ErrnoException).code === "EADDRINUSE";
    throw new LocalServerStartError(
      "fauxqs (SQS/S3)",
      inUse
        ? `port ${options.port} is already in use; pick another port or stop the other process`
        : "did not start",
      { cause, context: { port: options.port } },
    );
  }
  const port = Number(new URL(address).port);
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => app.close() };
}
