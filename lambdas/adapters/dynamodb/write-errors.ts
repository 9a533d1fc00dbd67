import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { ConflictError, VersionConflictError } from "../../domain/errors.js";
import type { ErrorContext } from "../../domain/errors.js";

/** What each item of a transaction stands for, to name the conflicting one in the error. */
export type TransactionItemRole = "profile" | "audit" | "outbox" | "identifier";

/**
 * Translates a failed conditional write or cancelled transaction into a domain error with the SDK
 * error as `cause`: a failed profile version check (or a concurrent transaction) is a
 * VersionConflictError (retryable); an already-written audit/outbox id is a ConflictError.
 * Anything else is rethrown unchanged.
 */
export function toDomainWriteError(
  error: unknown,
  roles: readonly TransactionItemRole[],
  context: ErrorContext,
): unknown {
  if (error instanceof ConditionalCheckFailedException) {
    return new VersionConflictError("the profile was changed by another writer", { cause: error, context });
  }
  if (!(error instanceof TransactionCanceledException)) return error;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) =>
    reason.Code !== undefined && reason.Code !== "None" ? [{ code: reason.Code, role: roles[index] }] : [],
  );
  const details = { ...context, cancellation: failed.map((f) => `${f.role ?? "?"}:${f.code}`) };
  if (failed.some((f) => f.code === "TransactionConflict")) {
    return new VersionConflictError("a concurrent transaction touched the profile", {
      cause: error,
      context: details,
    });
  }
  const conditionFailures = failed.filter((f) => f.code === "ConditionalCheckFailed");
  if (conditionFailures.some((f) => f.role === "profile")) {
    return new VersionConflictError("the profile was changed by another writer", {
      cause: error,
      context: details,
    });
  }
  if (conditionFailures.length > 0) {
    return new ConflictError("this change was already recorded", { cause: error, context: details });
  }
  return error;
}
