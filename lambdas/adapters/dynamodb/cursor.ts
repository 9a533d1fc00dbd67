import { ValidationError } from "../../domain/errors.js";

/**
 * Opaque pagination cursors: base64url JSON. Decoding checks the shape, so a tampered cursor is
 * a 400 on the `cursor` field instead of a DynamoDB error.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (cause) {
    throw new ValidationError("the cursor is not one this API issued", "cursor", { cause });
  }
  if (!isValid(value)) throw new ValidationError("the cursor is not one this API issued", "cursor");
  return value;
}

/** A DynamoDB LastEvaluatedKey made only of string attributes (all our keys are strings). */
export function isStringKey(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((part) => typeof part === "string")
  );
}
