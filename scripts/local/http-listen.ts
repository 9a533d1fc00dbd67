import type { Server } from "node:http";
import { LocalServerStartError } from "./errors.js";

/**
 * Listens on 127.0.0.1 only. Port 0 picks a free port; a port in use fails with a message that says
 * which server wanted it.
 */
export function listenOnLoopback(server: Server, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new LocalServerStartError(
              what,
              `port ${port} is already in use; pick another port or stop the other process`,
              { context: { port } },
            )
          : new LocalServerStartError(what, error.message, { cause: error, context: { port } }),
      );
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}

/** Requests still running after this long when the server closes are cut off. */
const CLOSE_GRACE_MS = 5000;

/**
 * Stops accepting connections, lets running requests finish (for up to CLOSE_GRACE_MS) and drops
 * keep-alive connections, resolving once the server is closed.
 */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
