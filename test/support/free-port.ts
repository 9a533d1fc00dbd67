import { createServer } from "node:net";

/** Asks the OS for a currently free TCP port on 127.0.0.1 (released before returning). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not read the port of a probe server"));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}
