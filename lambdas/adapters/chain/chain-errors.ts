/**
 * Errors of the chain pipeline that decide what happens to the queued work. All carry `context` with
 * identifiers (never personal data); none is the caller's fault.
 */
export class ChainPipelineError extends Error {
  override readonly name: string = "ChainPipelineError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}

/** Writes are paused on the registry: keep the work queued and retry with a long backoff. */
export class RegistryPausedError extends ChainPipelineError {
  override readonly name: string = "RegistryPausedError";
}

/** Transactions are still unconfirmed (or the node unreachable) when the run's time is up: retry soon. */
export class SettleTimeoutError extends ChainPipelineError {
  override readonly name: string = "SettleTimeoutError";
}

/** Some work was not applied this run (superseded nonce, revert that a retry may fix): retry soon. */
export class WorkNotAppliedError extends ChainPipelineError {
  override readonly name: string = "WorkNotAppliedError";
}

/**
 * The chain's nonce for the signer is below the pipeline's next nonce although nothing of ours is
 * pending: signing now would leave a gap. An operator must look (deep reorg or lost records).
 */
export class NonceGapError extends ChainPipelineError {
  override readonly name: string = "NonceGapError";
}
