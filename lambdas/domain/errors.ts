/**
 * Domain error hierarchy. Handlers map these to HTTP codes / batch failures; the `context`
 * carries identifiers for logs (never personal data), `cause` the underlying error if any.
 */
export type ErrorContext = Readonly<Record<string, unknown>>;

export class DomainError extends Error {
  override readonly name: string = "DomainError";
  readonly context: ErrorContext;

  constructor(message: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? {};
  }
}

/** A status change that the allowed-transition table does not contain. */
export class ForbiddenTransitionError extends DomainError {
  override readonly name: string = "ForbiddenTransitionError";
}

/** An unknown service, profile or other addressed entity. */
export class NotFoundError extends DomainError {
  override readonly name: string = "NotFoundError";
}

/** A write that conflicts with the current state of the entity (HTTP 409). */
export class ConflictError extends DomainError {
  override readonly name: string = "ConflictError";
}

/** The optimistic version check failed: someone else wrote the profile first. Retryable. */
export class VersionConflictError extends ConflictError {
  override readonly name: string = "VersionConflictError";
}

/** Input that breaks a domain rule; `field` names the offending field (HTTP 400). */
export class ValidationError extends DomainError {
  override readonly name: string = "ValidationError";
  readonly field: string;

  constructor(message: string, field: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super(message, { ...options, context: { ...options.context, field } });
    this.field = field;
  }
}

/** The service's plan does not include the requested feature. */
export class NotEntitledError extends DomainError {
  override readonly name: string = "NotEntitledError";
}

/** The caller could not be identified: no session, an expired one, or wrong credentials (HTTP 401). */
export class UnauthenticatedError extends DomainError {
  override readonly name: string = "UnauthenticatedError";
}
