import { randomBytes } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { z } from "zod";
import { DynamoDbApiKeyStore } from "../adapters/dynamodb/api-key-store.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import { stateOf, type ApiKeyState, type ApiKeySummary } from "../domain/api-keys/api-key.js";
import { isKeyId } from "../domain/api-keys/key-format.js";
import {
  createApiKey,
  listApiKeys,
  MAX_ROTATION_OVERLAP_SECONDS,
  revokeApiKey,
  rotateApiKey,
  type ManageApiKeysDeps,
} from "../domain/api-keys/manage-api-keys.js";
import { API_KEY_SCOPES } from "../domain/api-keys/scopes.js";
import { usageIdentifierOf } from "../domain/api-keys/usage-identifier.js";
import { requiredEnv } from "../shared/environment.js";
import { CLIENT_ID_PATTERN } from "../shared/intake-schemas.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { answerOpsError, parseOpsRequest, type OpsResponse } from "../shared/ops-response.js";

/**
 * Operator function for API keys, invoked through the Lambda Invoke API (the operator CLI):
 * `{ action: "create" | "list" | "revoke" | "rotate", clientId, scope?, keyId?, overlapSeconds?,
 * operator? }`. Answers `{ status: "success", data }` or `{ status: "error", code, message }`
 * (HTTP-like codes: 400 bad request, 403 not allowed on the plan, 404 unknown, 409 conflict).
 * A created or rotated key's plaintext is in the answer once and nowhere else.
 * `operator` names who acts (IAM principal in AWS, OPERATOR locally); it is recorded on the key and,
 * with every change, in the service's audit trail (same transaction).
 *
 * Environment: TABLE_NAME.
 */
const logger = createLogger("ops-api-keys");
const metrics = createMetrics("ops-api-keys");

const clientId = z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'");
const keyId = z.string().refine(isKeyId, "must be 16 characters of a-z and 2-7");
const operator = z.string().trim().min(1).max(256).default("unknown");

export const opsApiKeysRequest = z.discriminatedUnion("action", [
  z.object({ action: z.literal("create"), clientId, scope: z.enum(API_KEY_SCOPES), operator }),
  z.object({ action: z.literal("list"), clientId }),
  z.object({ action: z.literal("revoke"), clientId, keyId, operator }),
  z.object({
    action: z.literal("rotate"),
    clientId,
    keyId,
    overlapSeconds: z.number().int().min(0).max(MAX_ROTATION_OVERLAP_SECONDS).optional(),
    operator,
  }),
]);
export type OpsApiKeysRequest = z.input<typeof opsApiKeysRequest>;

/** A key as the CLI prints it: never the hash; `expiresAt` as an ISO time. */
export interface ApiKeyView {
  keyId: string;
  clientId: string;
  scope: string;
  state: ApiKeyState;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  rotatedFrom: string | null;
  replacedBy: string | null;
  /** The key's name in its scope's usage plan (per-key limits; not a credential). */
  usageIdentifier: string;
}

export type OpsApiKeysResponse = OpsResponse;

export function opsApiKeysDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ManageApiKeysDeps {
  const client = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  return {
    apiKeys: new DynamoDbApiKeyStore(client, tableName),
    services: new DynamoDbServiceRepository(client, tableName),
    clock: new SystemClock(),
    randomBytes: (size) => randomBytes(size),
  };
}

/** The function with its dependencies supplied (tests inject a clock). */
export function createOpsApiKeys(deps: () => ManageApiKeysDeps) {
  return async (event: unknown): Promise<OpsApiKeysResponse> => {
    const parsed = parseOpsRequest(opsApiKeysRequest, event);
    if (!parsed.success) return parsed.answer;
    const request = parsed.request;
    try {
      const data = await perform(deps(), request);
      logger.info("api key operation", {
        action: request.action,
        clientId: request.clientId,
        ...keyIdsOf(data),
      });
      metrics.addMetric(`api_key_${request.action}`, MetricUnit.Count, 1);
      return { status: "success", data };
    } catch (error) {
      return answerOpsError(error, {
        failed: () =>
          logger.error("api key operation failed", { action: request.action, error: error as Error }),
        refused: (exposed) =>
          logger.info("api key operation refused", {
            action: request.action,
            clientId: request.clientId,
            ...exposed,
          }),
      });
    }
  };
}

async function perform(
  deps: ManageApiKeysDeps,
  request: z.output<typeof opsApiKeysRequest>,
): Promise<unknown> {
  const nowMs = Date.parse(deps.clock.now());
  const view = (key: ApiKeySummary) => viewOf(key, nowMs);
  switch (request.action) {
    case "create": {
      const issued = await createApiKey(deps, request);
      return { apiKey: issued.plaintext, key: view(issued.key) };
    }
    case "list":
      return { clientId: request.clientId, keys: (await listApiKeys(deps, request)).map(view) };
    case "revoke":
      return { key: view(await revokeApiKey(deps, request)) };
    case "rotate": {
      const rotated = await rotateApiKey(deps, request);
      return { apiKey: rotated.plaintext, key: view(rotated.key), previous: view(rotated.previous) };
    }
  }
}

export function viewOf(key: ApiKeySummary, nowMs: number): ApiKeyView {
  return {
    keyId: key.keyId,
    clientId: key.clientId,
    scope: key.scope,
    state: stateOf(key, nowMs),
    createdAt: key.createdAt,
    createdBy: key.createdBy,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt === null ? null : new Date(key.expiresAt * 1000).toISOString(),
    revokedAt: key.revokedAt,
    revokedBy: key.revokedBy,
    rotatedFrom: key.rotatedFrom,
    replacedBy: key.replacedBy,
    usageIdentifier: usageIdentifierOf(key.keyId),
  };
}

/** Key ids for the log line (never the plaintext key). */
function keyIdsOf(data: unknown): Record<string, string> {
  const record = data as { key?: { keyId?: string }; previous?: { keyId?: string } };
  const ids: Record<string, string> = {};
  if (record.key?.keyId !== undefined) ids.keyId = record.key.keyId;
  if (record.previous?.keyId !== undefined) ids.previousKeyId = record.previous.keyId;
  return ids;
}

const deps = lazy(() => opsApiKeysDepsFromEnv());

export const handler = middy<unknown, OpsApiKeysResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createOpsApiKeys(deps));
