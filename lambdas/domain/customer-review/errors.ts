import { NotEntitledError, VersionConflictError, type ErrorContext } from "../errors.js";

/**
 * The service's plan has operators remediate its profiles (managed plans, on-chain KYC): the
 * business never sees their personal data and cannot decide them (HTTP 403).
 */
export class CustomerReviewDeniedError extends NotEntitledError {
  override readonly name: string = "CustomerReviewDeniedError";

  constructor(clientId: string, plan: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super(
      `the ${plan} plan has operators remediate profiles: customer review exists only on payg and self-managed services`,
      { ...options, context: { ...options.context, clientId, plan } },
    );
  }
}

/**
 * The profile is not at the version the reviewer decided on: someone else opened or decided it in
 * between (HTTP 409). The message says what it is now, so the reviewer can read it again.
 */
export class ProfileChangedError extends VersionConflictError {
  override readonly name: string = "ProfileChangedError";
}
