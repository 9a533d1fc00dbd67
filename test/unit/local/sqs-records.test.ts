import { describe, expect, it } from "@jest/globals";
import { batchVerdictOf, sqsRecordOf } from "../../../scripts/local/sqs-records.js";

const records = [{ messageId: "m1" }, { messageId: "m2" }];
const ok = (payload: unknown) => ({ status: "ok" as const, payload });

describe("ReportBatchItemFailures verdicts (Lambda's rules)", () => {
  it.each([
    ["null", null],
    ["an empty object", {}],
    ["a null list", { batchItemFailures: null }],
    ["an empty list", { batchItemFailures: [] }],
  ])("treats %s as complete success", (_, payload) => {
    expect(batchVerdictOf(records, ok(payload))).toEqual({ kind: "all-succeeded" });
  });

  it("fails exactly the listed messages", () => {
    expect(batchVerdictOf(records, ok({ batchItemFailures: [{ itemIdentifier: "m2" }] }))).toEqual({
      kind: "some-failed",
      failedMessageIds: new Set(["m2"]),
    });
  });

  it.each([
    ["a function error", { status: "error" as const, errorType: "Error" }],
    ["an empty itemIdentifier", ok({ batchItemFailures: [{ itemIdentifier: "" }] })],
    ["a null itemIdentifier", ok({ batchItemFailures: [{ itemIdentifier: null }] })],
    ["a misspelt key", ok({ batchItemFailures: [{ itemId: "m1" }] })],
    ["an unknown message id", ok({ batchItemFailures: [{ itemIdentifier: "m9" }] })],
    ["a response that is not an object", ok("done")],
    ["a list that is not a list", ok({ batchItemFailures: "m1" })],
  ])("fails the whole batch on %s", (_, outcome) => {
    expect(batchVerdictOf(records, outcome).kind).toBe("batch-failed");
  });
});

describe("sqsRecordOf", () => {
  it("refuses a message received without the system attributes Lambda always includes", () => {
    expect(() =>
      sqsRecordOf({ MessageId: "m1", ReceiptHandle: "r", Body: "b", MD5OfBody: "x", Attributes: {} }, "arn"),
    ).toThrow("ApproximateReceiveCount");
  });
});
