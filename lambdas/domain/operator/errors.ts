import { NotEntitledError, VersionConflictError, type ErrorContext } from "../errors.js";

/**
 * Operators may not see or act on this service's profiles: on `payg` and `self-managed` plans the
 * customer remediates its own profiles (reference: "operators won't be able to access the service dashboard").
 */
export class OperatorAccessDeniedError extends NotEntitledError {
  override readonly name: string = "OperatorAccessDeniedError";

  constructor(clientId: string, plan: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super(
      `Operators have no access to service ${clientId} on the ${plan} plan: the customer remediates its own profiles`,
      { ...options, context: { ...options.context, clientId, plan } },
    );
  }
}

/**
 * An operator acted on a profile that someone else changed since the operator read it (HTTP 409). The
 * message names who changed it, when, and what it is now, so the console can say "changed by X, reload".
 */
export class ProfileChangedByOtherError extends VersionConflictError {
  override readonly name: string = "ProfileChangedByOtherError";
}
