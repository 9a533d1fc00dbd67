/** An event that does not have the shape its trigger guarantees (a wiring or replay mistake). */
export class InvalidEventError extends Error {
  override readonly name = "InvalidEventError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}
