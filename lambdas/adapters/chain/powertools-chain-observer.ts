import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import type { ChainMetric, ChainObserver } from "./chain-observer.js";

/** The chain observer over Powertools: JSON logs (PII-redacting logger) and EMF count metrics. */
export function powertoolsChainObserver(logger: Logger, metrics: Metrics): ChainObserver {
  return {
    info: (message, fields = {}) => logger.info(message, fields),
    warn: (message, fields = {}) => logger.warn(message, fields),
    error: (message, fields = {}) => logger.error(message, fields),
    count: (metric: ChainMetric, value = 1) => metrics.addMetric(metric, MetricUnit.Count, value),
  };
}
