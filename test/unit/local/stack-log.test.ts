import { describe, expect, it } from "@jest/globals";
import { createStackLog, logFormatFromEnv } from "../../../scripts/local/stack-log.js";

describe("stack log", () => {
  it("writes one readable line per event by default", () => {
    const lines: string[] = [];
    createStackLog("text", (line) => lines.push(line)).line("http", "GET /x → 200 fn 3ms", {
      statusCode: 200,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} http {5}GET \/x → 200 fn 3ms$/);
  });

  it("writes one JSON object per line with LOG_FORMAT=json", () => {
    const lines: string[] = [];
    createStackLog(logFormatFromEnv({ LOG_FORMAT: "JSON" }), (line) => lines.push(line)).line(
      "sqs",
      "batch",
      {
        records: 3,
      },
    );
    expect(JSON.parse(lines[0]!)).toEqual({
      time: expect.any(String),
      kind: "sqs",
      message: "batch",
      records: 3,
    });
    expect(logFormatFromEnv({})).toBe("text");
  });
});
