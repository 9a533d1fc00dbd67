import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { z } from "zod";
import { HmacIdentifierHasher } from "../adapters/crypto/hmac-identifier-hasher.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbQaProfiles, DynamoDbQaStore } from "../adapters/dynamodb/qa-store.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import type { QaDeps } from "../domain/quality/ports.js";
import { MAX_QA_NOTE_LENGTH, QA_OUTCOMES } from "../domain/quality/qa-outcome.js";
import { recordQaOutcome, sampleForWeek } from "../domain/quality/qa-review.js";
import { QA_WEEK_PATTERN } from "../domain/quality/qa-week.js";
import { requiredEnv } from "../shared/environment.js";
import { CLIENT_ID_PATTERN, REF_ID_PATTERN } from "../shared/intake-schemas.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { answerOpsError, parseOpsRequest, type OpsResponse } from "../shared/ops-response.js";

/**
 * Operator function of quality assurance (managed-dedicated plan), invoked through the Lambda Invoke
 * API (the operator CLI) or in-process by the console:
 * - `{ action: "sample", clientId, week?, operator }`: the week's sample (default: the last complete
 *   ISO week), drawn and stored on first request, with each profile's outcome and current state;
 * - `{ action: "record", clientId, week, refId, outcome: confirmed|overturned, note, operator }`: one
 *   re-review, recorded once (the same outcome again changes nothing; a different one is a 409).
 * Other plans are refused (403). Answers `{ status: "success", data }` or `{ status: "error", code, message }`.
 *
 * Environment: TABLE_NAME, IDENTIFIER_PEPPER (keys the draw).
 */
const logger = createLogger("ops-qa");
const metrics = createMetrics("ops-qa");

const clientId = z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'");
const week = z.string().regex(QA_WEEK_PATTERN, "must be an ISO week such as 2026-W49");
const operator = z.string().trim().min(1).max(256);

export const opsQaRequest = z.discriminatedUnion("action", [
  z.object({ action: z.literal("sample"), clientId, week: week.optional(), operator }),
  z.object({
    action: z.literal("record"),
    clientId,
    week,
    refId: z.string().regex(REF_ID_PATTERN, "must be 1-128 letters, digits or . _ : @ -"),
    outcome: z.enum(QA_OUTCOMES),
    note: z.string().trim().min(1).max(MAX_QA_NOTE_LENGTH),
    operator,
  }),
]);
export type OpsQaRequest = z.input<typeof opsQaRequest>;

export function opsQaDepsFromEnv(env: NodeJS.ProcessEnv = process.env): QaDeps {
  const documents = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  return {
    services: new DynamoDbServiceRepository(documents, tableName),
    qa: new DynamoDbQaStore(documents, tableName),
    profiles: new DynamoDbQaProfiles(documents, tableName),
    hasher: HmacIdentifierHasher.fromSecret(env.IDENTIFIER_PEPPER),
    clock: new SystemClock(),
  };
}

/** The function with its dependencies supplied (tests and the console inject them). */
export function createOpsQa(deps: () => QaDeps) {
  return async (event: unknown): Promise<OpsResponse> => {
    const parsed = parseOpsRequest(opsQaRequest, event);
    if (!parsed.success) return parsed.answer;
    const request = parsed.request;
    const where = {
      action: request.action,
      clientId: request.clientId,
      operator: request.operator,
      ...(request.week === undefined ? {} : { week: request.week }),
      ...(request.action === "record" ? { refId: request.refId, outcome: request.outcome } : {}),
    };
    try {
      const data =
        request.action === "sample"
          ? await sampleForWeek(deps(), request)
          : await recordQaOutcome(deps(), request);
      // Who reviewed what; never the note (free text).
      logger.info("operator qa request", where);
      metrics.addMetric(`ops_qa_${request.action}`, MetricUnit.Count, 1);
      return { status: "success", data };
    } catch (error) {
      return answerOpsError(error, {
        failed: () => logger.error("operator qa request failed", { ...where, error: error as Error }),
        refused: (exposed) => logger.info("operator qa request refused", { ...where, ...exposed }),
      });
    }
  };
}

const deps = lazy(() => opsQaDepsFromEnv());

export const handler = middy<unknown, OpsResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createOpsQa(deps));
