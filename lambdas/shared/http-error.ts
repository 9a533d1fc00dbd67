/**
 * An error that carries its HTTP status. `expose` says whether its message may reach the caller
 * (client errors by default); anything not exposed is answered with a generic 500 message.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly statusCode: number;
  readonly expose: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    statusCode: number,
    message: string,
    options: { cause?: unknown; expose?: boolean; context?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = statusCode;
    this.expose = options.expose ?? statusCode < 500;
    this.context = options.context ?? {};
  }
}

/** `createError`-style factory, as in middy's util. */
export function createHttpError(
  statusCode: number,
  message: string,
  options?: { cause?: unknown; expose?: boolean; context?: Record<string, unknown> },
): HttpError {
  return new HttpError(statusCode, message, options);
}
