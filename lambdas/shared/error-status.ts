import {
  ConflictError,
  ForbiddenTransitionError,
  NotEntitledError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from "../domain/errors.js";
import { HttpError } from "./http-error.js";

export interface ExposedError {
  statusCode: number;
  /** Safe for the caller: no stack, no internals, no personal data. */
  message: string;
}

const INTERNAL: ExposedError = { statusCode: 500, message: "Internal server error" };

/** Maps any thrown value to the HTTP status and message a caller may see. */
export function exposedErrorOf(error: unknown): ExposedError {
  if (error instanceof HttpError) {
    return error.expose ? { statusCode: error.statusCode, message: error.message } : INTERNAL;
  }
  if (error instanceof ValidationError) {
    return { statusCode: 400, message: `Invalid ${error.field}: ${error.message}` };
  }
  if (error instanceof NotFoundError) return { statusCode: 404, message: error.message };
  if (error instanceof ForbiddenTransitionError || error instanceof ConflictError) {
    return { statusCode: 409, message: error.message };
  }
  if (error instanceof NotEntitledError) return { statusCode: 403, message: error.message };
  if (error instanceof UnauthenticatedError) return { statusCode: 401, message: error.message };
  return INTERNAL;
}
