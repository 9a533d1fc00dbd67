import { createServer } from "node:net";
import { assertPortFree, freePort } from "../../../scripts/lib/ports.js";
import { formatGas, formatTable } from "../../../scripts/lib/table.js";

describe("ports", () => {
  it("reports a port in use with a clear message", async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      await expect(assertPortFree(port, "the API")).rejects.toThrow(
        `Port ${port} for the API is already in use`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await expect(assertPortFree(port, "the API")).resolves.toBeUndefined();
  });
});

describe("table", () => {
  it("aligns text left and numbers right under a ruled header", () => {
    expect(
      formatTable([
        ["step", "gas"],
        ["attest", formatGas(25_781)],
        ["x", "7"],
      ]).split("\n"),
    ).toEqual(["step    gas", "------  ------", "attest  25,781", "x            7"]);
  });
});
