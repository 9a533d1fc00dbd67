/** Thresholds that cannot order block above review inside 0..100. */
export class InvalidAmlThresholdsError extends Error {
  override readonly name = "InvalidAmlThresholdsError";
  readonly context: { block: number; review: number };

  constructor(context: { block: number; review: number }, options?: { cause?: unknown }) {
    super(
      `AML thresholds must satisfy 0 <= review <= block <= 100 and block > 0 (got block ${context.block}, review ${context.review})`,
      options,
    );
    this.context = context;
  }
}
