import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { redactPersonalData } from "./pii-redaction.js";

const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME ?? "kyc-attest";

/** Structured JSON logger; every log line passes through the personal-data redactor. */
export function createLogger(component: string): Logger {
  return new Logger({
    serviceName: SERVICE_NAME,
    persistentKeys: { component },
    jsonReplacerFn: redactPersonalData,
  });
}

/** CloudWatch EMF metrics in the `KycAttest` namespace. */
export function createMetrics(component: string): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "KycAttest",
    serviceName: SERVICE_NAME,
    defaultDimensions: { component },
  });
}
