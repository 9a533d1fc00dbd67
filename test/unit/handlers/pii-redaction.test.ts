import { jest } from "@jest/globals";
import { createLogger } from "../../../lambdas/shared/observability.js";
import { redactPersonalData, shortHash } from "../../../lambdas/shared/pii-redaction.js";

describe("personal data redaction", () => {
  it("hashes identifiers and drops structured personal data", () => {
    const text = JSON.stringify(
      {
        refId: "user-1",
        wallet: "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B",
        identity: { givenName: "Ana", familyName: "Pereira" },
        documents: [{ number: "CA123" }],
        status: "approved",
        error: { name: "ConflictError", message: "Profile is blocked" },
      },
      redactPersonalData,
    );
    expect(JSON.parse(text)).toEqual({
      refId: shortHash("user-1"),
      wallet: shortHash("0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B"),
      identity: "[redacted]",
      documents: "[redacted]",
      status: "approved",
      error: { name: "ConflictError", message: "Profile is blocked" },
    });
    expect(shortHash("user-1")).toMatch(/^h:[0-9a-f]{12}$/);
  });

  it("applies to what the Powertools logger writes", () => {
    const previous = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = "INFO";
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const logger = createLogger("test");
      logger.info("profile reviewed", {
        refId: "secret-ref",
        identity: { givenName: "Ana" },
        outcome: "decided",
      });
    } finally {
      write.mockRestore();
      if (previous === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = previous;
    }
    const output = lines.join("");
    expect(output).toContain("profile reviewed");
    expect(output).toContain(shortHash("secret-ref"));
    expect(output).not.toContain("secret-ref");
    expect(output).not.toContain("Ana");
  });
});
