/** Where the pipeline reports what it did: structured logs and count metrics (Powertools in the handlers). */
export interface ChainObserver {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  count(metric: ChainMetric, value?: number): void;
}

/** Metric names; `ChainBatchFailed` and `ChainNonceGap` are alarms (an operator must act). */
export type ChainMetric =
  | "ChainFlagsConfirmed"
  | "ChainTxSent"
  | "ChainTxConfirmed"
  | "ChainTxReplaced"
  | "ChainTxRebroadcast"
  | "ChainTxSuperseded"
  | "ChainReorgDetected"
  | "ChainBroadcastFailed"
  | "ChainBatchFailed"
  | "ChainRegistryPaused"
  | "ChainIntentsSkipped"
  | "ChainIntentsStale"
  | "ChainNonceResynced"
  | "ChainNonceGap"
  | "ChainNodeUnreachable"
  | "ChainNonceResyncedByOperator"
  | "ChainMessageRejected"
  | "ChainRetryScheduled"
  | "ChainWorkRequeued"
  | "OutboxRecordsPublished"
  | "ReconcileRepairs"
  | "FailedBatchesRequeued";
