/** The API answered an error (`{ status: "error", code, message }`) or a response the SDK cannot read. */
export class KycApiError extends Error {
  override readonly name: string = "KycApiError";
  /** The HTTP status code. */
  readonly status: number;
  /** The API's error code (usually equal to `status`). */
  readonly code: number;

  constructor(status: number, code: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}

/** 429 Too Many Requests after the configured retries; `retryAfterSeconds` is the API's last hint. */
export class KycRateLimitError extends KycApiError {
  override readonly name: string = "KycRateLimitError";
  readonly retryAfterSeconds: number | null;

  constructor(message: string, retryAfterSeconds: number | null) {
    super(429, 429, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No answer within the configured timeout. */
export class KycTimeoutError extends Error {
  override readonly name: string = "KycTimeoutError";
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(`no answer from ${url} within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The request could not be sent or the connection failed (DNS, refused, reset). */
export class KycNetworkError extends Error {
  override readonly name: string = "KycNetworkError";

  constructor(url: string, cause: unknown) {
    super(`the request to ${url} failed`, { cause });
  }
}
