import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  HmacIdentifierHasher,
  PepperError,
} from "../../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import { decodeCursor, encodeCursor, isStringKey } from "../../../lambdas/adapters/dynamodb/cursor.js";
import { identifierShardOf } from "../../../lambdas/adapters/dynamodb/keys.js";
import {
  MAIN_TABLE,
  tableNameFor,
  toCreateTableInput,
} from "../../../lambdas/adapters/dynamodb/table-definitions.js";
import { toDomainWriteError } from "../../../lambdas/adapters/dynamodb/write-errors.js";
import {
  decodeReviewRequest,
  encodeReviewRequest,
} from "../../../lambdas/adapters/sqs/review-request-message.js";
import { ConflictError, ValidationError, VersionConflictError } from "../../../lambdas/domain/errors.js";

describe("table definition", () => {
  const input = toCreateTableInput(MAIN_TABLE, tableNameFor("kyc-prod", MAIN_TABLE));

  it("declares every key attribute of the table and its indexes exactly once", () => {
    const declared = (input.AttributeDefinitions ?? []).map((a) => a.AttributeName);
    const used = [
      ...(input.KeySchema ?? []),
      ...(input.GlobalSecondaryIndexes ?? []).flatMap((index) => index.KeySchema ?? []),
    ].map((k) => k.AttributeName);
    expect(new Set(declared)).toEqual(new Set(used));
    expect(declared).toHaveLength(new Set(declared).size);
    expect(input.TableName).toBe("kyc-prod-main");
    expect(input.BillingMode).toBe("PAY_PER_REQUEST");
  });

  it("projects no personal data into the listing and sweep indexes", () => {
    const personal = ["identity", "documents", "wallet", "certificates", "ipCountry"];
    for (const index of input.GlobalSecondaryIndexes ?? []) {
      if (index.IndexName === "pendingOutbox") continue; // the chain needs the wallet of an attestation
      if (index.Projection?.ProjectionType === "ALL") {
        expect(index.IndexName).toBe("servicesList");
        continue;
      }
      for (const attribute of personal)
        expect(index.Projection?.NonKeyAttributes ?? []).not.toContain(attribute);
    }
  });
});

describe("HMAC identifier hasher", () => {
  it("is keyed: another pepper gives another hash", () => {
    const a = HmacIdentifierHasher.fromSecret(`hex:${"11".repeat(32)}`);
    const b = HmacIdentifierHasher.fromSecret(`base64:${Buffer.alloc(32, 0x22).toString("base64")}`);
    expect(a.hash("passport:DE:C01X00T47")).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash("passport:DE:C01X00T47")).toBe(a.hash("passport:DE:C01X00T47"));
    expect(a.hash("passport:DE:C01X00T47")).not.toBe(b.hash("passport:DE:C01X00T47"));
  });

  it("refuses a missing or short pepper", () => {
    expect(() => HmacIdentifierHasher.fromSecret(undefined)).toThrow(PepperError);
    expect(() => HmacIdentifierHasher.fromSecret("too-short")).toThrow(PepperError);
  });

  it("produces hashes the identifier shards accept", () => {
    const hasher = HmacIdentifierHasher.fromSecret("x".repeat(32));
    for (let i = 0; i < 50; i += 1)
      expect(identifierShardOf(hasher.hash(`wallet:${i}`))).toMatch(/^[0-9a-f]$/);
    expect(() => identifierShardOf("Zebra")).toThrow(/hex/);
  });
});

describe("cursors", () => {
  it("round-trips and refuses tampered cursors as a cursor validation error", () => {
    const key = { pk: "IDENT#acme#ab", sk: "user-1" };
    expect(decodeCursor(encodeCursor(key), isStringKey)).toEqual(key);
    expect(() => decodeCursor("not base64 json", isStringKey)).toThrow(ValidationError);
    expect(() => decodeCursor(encodeCursor({ pk: 1 }), isStringKey)).toThrow(
      expect.objectContaining({ field: "cursor" }),
    );
  });
});

describe("transaction error mapping", () => {
  const cancelled = (...codes: string[]) =>
    new TransactionCanceledException({
      message: "Transaction cancelled",
      $metadata: {},
      CancellationReasons: codes.map((Code) => ({ Code })),
    });

  it("maps a failed profile version check to a retryable version conflict", () => {
    const error = cancelled("ConditionalCheckFailed", "None", "None");
    const mapped = toDomainWriteError(error, ["profile", "audit", "outbox"], { refId: "r" });
    expect(mapped).toBeInstanceOf(VersionConflictError);
    expect((mapped as VersionConflictError).cause).toBe(error);
    expect((mapped as VersionConflictError).context).toMatchObject({
      refId: "r",
      cancellation: ["profile:ConditionalCheckFailed"],
    });
  });

  it("maps an already-recorded audit or outbox id to a plain conflict", () => {
    const mapped = toDomainWriteError(cancelled("None", "ConditionalCheckFailed"), ["profile", "audit"], {});
    expect(mapped).toBeInstanceOf(ConflictError);
    expect(mapped).not.toBeInstanceOf(VersionConflictError);
  });

  it("maps a concurrent transaction to a version conflict and leaves other errors alone", () => {
    expect(
      toDomainWriteError(cancelled("TransactionConflict", "None"), ["profile", "audit"], {}),
    ).toBeInstanceOf(VersionConflictError);
    const other = new Error("network down");
    expect(toDomainWriteError(other, ["profile"], {})).toBe(other);
  });
});

describe("review request messages", () => {
  it("round-trips and refuses anything else", () => {
    const request = { clientId: "acme", refId: "user-1", profileVersion: 3 };
    expect(decodeReviewRequest(encodeReviewRequest(request))).toEqual(request);
    expect(() => decodeReviewRequest("{")).toThrow(SyntaxError);
    expect(() => decodeReviewRequest(JSON.stringify({ ...request, profileVersion: 0 }))).toThrow();
    expect(() => decodeReviewRequest(JSON.stringify({ ...request, extra: 1 }))).toThrow();
  });
});
