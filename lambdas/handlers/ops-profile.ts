import { S3Client } from "@aws-sdk/client-s3";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { z } from "zod";
import { HmacIdentifierHasher } from "../adapters/crypto/hmac-identifier-hasher.js";
import { DynamoDbChainRecordStore } from "../adapters/dynamodb/chain-record-store.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbIdentifierIndex } from "../adapters/dynamodb/identifier-index.js";
import { DynamoDbProfileRepository } from "../adapters/dynamodb/profile-repository.js";
import { DynamoDbPersonalDataCleanup } from "../adapters/dynamodb/retention-cleanup.js";
import { DynamoDbReviewQueueReader } from "../adapters/dynamodb/review-queue-reader.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { DynamoDbHolidayCalendar, DynamoDbTicketStore } from "../adapters/dynamodb/ticket-store.js";
import { S3ArchiveStore } from "../adapters/s3/archive-store.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import { actOnProfile, type ActOnProfileDeps } from "../domain/operator/act-on-profile.js";
import { requireOperatorAccess } from "../domain/operator/operator-access.js";
import { explorerTxUrlOf } from "../domain/chain/explorers.js";
import { openProfileAsOperator } from "../domain/operator/open-profile.js";
import {
  MAX_REASON_LENGTH,
  MAX_REMEDIATION_LENGTH,
  OPERATOR_ACTIONS,
} from "../domain/operator/operator-action.js";
import { statusViewOf } from "../domain/operator/operator-profile-view.js";
import {
  MAX_QUEUE_LIMIT,
  QUEUE_STATUSES,
  readQueue,
  type ReviewQueueReader,
} from "../domain/operator/review-queue.js";
import { showProfileToOperator } from "../domain/operator/show-profile.js";
import type { HolidayCalendar } from "../domain/support/ports.js";
import type { Page } from "../domain/ports.js";
import { PROFILE_STATUSES, type Profile, type ProfileStatus } from "../domain/profile.js";
import { ValidationError } from "../domain/errors.js";
import { eraseProfile, type EraseDeps } from "../domain/use-cases/erase-profile.js";
import { loadService } from "../domain/use-cases/load.js";
import { requiredEnv } from "../shared/environment.js";
import { CLIENT_ID_PATTERN, REF_ID_PATTERN } from "../shared/intake-schemas.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { answerOpsError, parseOpsRequest, type OpsResponse } from "../shared/ops-response.js";
import type { ProfileStatusRow } from "../adapters/dynamodb/profile-repository.js";
import type { ProfileOnchainRecord } from "../adapters/dynamodb/chain-record-store.js";

/**
 * Operator function for profiles, invoked through the Lambda Invoke API (the operator CLI):
 * - `{ action: "list", clientId, status?, limit?, cursor? }`: status rows (no personal data);
 * - `{ action: "queue", clientId, status: waiting|inreview|blocked|approved, reasonCode?, limit?, cursor? }`:
 *   a work queue, oldest first, with every status's count, each row's age, reason codes and review SLA;
 * - `{ action: "show", clientId, refId }`: the profile with its personal data, audit trail, duplicates
 *   and on-chain record;
 * - `{ action: "open", clientId, refId, operator }`: waiting → inreview, answering the profile as `show`;
 * - `{ action: "act", clientId, refId, decision: approve|reject|block|unblock|request-resubmission,
 *   reason, remediation?, version?, operator }` (with `version`: 409 naming who changed it since);
 * - `{ action: "erase", clientId, refId, operator }`: the user's data deletion request.
 * list/queue/show/open/act are refused (403, nothing changed) on `payg` and `self-managed` services; erasure is
 * data-deletion support, which every plan has. Answers `{ status: "success", data }` or
 * `{ status: "error", code, message }`. `operator` names who acts (IAM principal in AWS, OPERATOR
 * locally) and goes into the audit entry.
 *
 * Environment: TABLE_NAME, IDENTIFIER_PEPPER, ARCHIVE_BUCKET (S3_FORCE_PATH_STYLE for emulators).
 */
const logger = createLogger("ops-profile");
const metrics = createMetrics("ops-profile");

export const MAX_LIST_LIMIT = 100;

const clientId = z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'");
const refId = z.string().regex(REF_ID_PATTERN, "must be 1-128 letters, digits or . _ : @ -");
const operator = z.string().trim().min(1).max(256);

export const opsProfileRequest = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("list"),
    clientId,
    status: z.enum(PROFILE_STATUSES).optional(),
    limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(25),
    cursor: z.string().min(1).max(2048).optional(),
  }),
  z.object({
    action: z.literal("queue"),
    clientId,
    status: z.enum(QUEUE_STATUSES),
    reasonCode: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,63}$/, "must be a reason code such as AML_MATCH")
      .optional(),
    limit: z.number().int().min(1).max(MAX_QUEUE_LIMIT).default(25),
    cursor: z.string().min(1).max(2048).optional(),
  }),
  z.object({ action: z.literal("show"), clientId, refId }),
  z.object({ action: z.literal("open"), clientId, refId, operator }),
  z.object({
    action: z.literal("act"),
    clientId,
    refId,
    decision: z.enum(OPERATOR_ACTIONS),
    reason: z.string().trim().min(1).max(MAX_REASON_LENGTH),
    remediation: z.string().max(MAX_REMEDIATION_LENGTH).optional(),
    version: z.number().int().min(1).optional(),
    operator,
  }),
  z.object({ action: z.literal("erase"), clientId, refId, operator }),
]);
export type OpsProfileRequest = z.input<typeof opsProfileRequest>;

export type OpsProfileResponse = OpsResponse;

export interface OpsProfileDeps extends ActOnProfileDeps {
  statusRows: {
    listByStatus(
      clientId: string,
      status: ProfileStatus,
      cursor: string | null,
      limit: number,
    ): Promise<Page<ProfileStatusRow>>;
  };
  queue: ReviewQueueReader;
  holidays: HolidayCalendar;
  onchain: { getProfileRecord(clientId: string, refId: string): Promise<ProfileOnchainRecord | null> };
  erase: EraseDeps;
}

export function opsProfileDepsFromEnv(env: NodeJS.ProcessEnv = process.env): OpsProfileDeps {
  const documents = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  const services = new DynamoDbServiceRepository(documents, tableName);
  const profiles = new DynamoDbProfileRepository(documents, tableName);
  const hasher = HmacIdentifierHasher.fromSecret(env.IDENTIFIER_PEPPER);
  const clock = new SystemClock();
  const onchain = new DynamoDbChainRecordStore(documents, tableName);
  const s3 = new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === "true" });
  return {
    services,
    profiles,
    index: new DynamoDbIdentifierIndex(documents, tableName),
    hasher,
    clock,
    statusRows: profiles,
    queue: new DynamoDbReviewQueueReader(documents, tableName),
    holidays: new DynamoDbHolidayCalendar(documents, tableName),
    onchain,
    erase: {
      services,
      profiles,
      hasher,
      clock,
      archive: new S3ArchiveStore(s3, requiredEnv("ARCHIVE_BUCKET", env)),
      onchain,
      cleanup: new DynamoDbPersonalDataCleanup(documents, tableName),
      tickets: new DynamoDbTicketStore(documents, tableName),
    },
  };
}

/** The function with its dependencies supplied (tests inject a clock). */
export function createOpsProfile(deps: () => OpsProfileDeps) {
  return async (event: unknown): Promise<OpsProfileResponse> => {
    const parsed = parseOpsRequest(opsProfileRequest, event);
    if (!parsed.success) return parsed.answer;
    const request = parsed.request;
    const where = { action: request.action, clientId: request.clientId };
    try {
      const data = await perform(deps(), request);
      // The operator's identity is logged with what was done; never the profile's personal data.
      logger.info("operator profile request", {
        ...where,
        ...("refId" in request ? { refId: request.refId } : {}),
        ...("operator" in request ? { operator: request.operator } : {}),
        ...("decision" in request ? { decision: request.decision } : {}),
      });
      metrics.addMetric(`ops_profile_${request.action}`, MetricUnit.Count, 1);
      return { status: "success", data };
    } catch (error) {
      return answerOpsError(error, {
        failed: () => logger.error("operator profile request failed", { ...where, error: error as Error }),
        refused: (exposed) => logger.info("operator profile request refused", { ...where, ...exposed }),
      });
    }
  };
}

async function perform(deps: OpsProfileDeps, request: z.output<typeof opsProfileRequest>): Promise<unknown> {
  switch (request.action) {
    case "list": {
      requireOperatorAccess(await loadService(deps.services, request.clientId));
      return listProfiles(deps, request);
    }
    case "queue":
      return readQueue(deps, request);
    case "show":
      return showAnswer(deps, request);
    case "open": {
      const opened = await openProfileAsOperator(deps, request);
      return { changed: opened.changed, ...(await showAnswer(deps, request)) };
    }
    case "act": {
      const result = await actOnProfile(deps, { ...request, action: request.decision });
      return {
        changed: result.changed,
        // The version and reason codes let the console act again without reloading.
        profile: {
          ...statusViewOf(result.profile),
          version: result.profile.version,
          statusReasonCodes: result.profile.statusReasonCodes ?? [],
        },
        audit: result.audit,
        dedup: result.dedup,
      };
    }
    case "erase": {
      const result = await eraseProfile(deps.erase, request);
      return { outcome: result.outcome, revoked: result.revoked, profile: erasedViewOf(result.profile) };
    }
  }
}

/** What `show` answers: the operator view of the profile and its on-chain record (with an explorer link). */
async function showAnswer(deps: OpsProfileDeps, request: { clientId: string; refId: string }) {
  const profile = await showProfileToOperator(deps, request);
  const record = await deps.onchain.getProfileRecord(request.clientId, request.refId);
  return { profile, onchain: record === null ? null : onchainViewOf(record) };
}

/** The on-chain record with its expiry as a time (null: revoked or never issued) and the explorer link. */
function onchainViewOf(record: ProfileOnchainRecord) {
  return {
    ...record,
    expiresAt: record.verifiedUntil === 0 ? null : new Date(record.verifiedUntil * 1000).toISOString(),
    explorerUrl: explorerTxUrlOf(record.chainId, record.txHash),
  };
}

/**
 * One status: a page of it from `cursor`. No status: the first `limit` rows of each status, so an
 * operator sees everything that needs attention at once (page further with `status`).
 */
async function listProfiles(
  deps: OpsProfileDeps,
  request: {
    clientId: string;
    status?: ProfileStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<unknown> {
  if (request.status === undefined && request.cursor !== undefined) {
    // A cursor is a position in one status's listing.
    throw new ValidationError("a cursor pages one status: give the status it came with", "cursor");
  }
  if (request.status !== undefined) {
    const page = await deps.statusRows.listByStatus(
      request.clientId,
      request.status,
      request.cursor ?? null,
      request.limit,
    );
    return { clientId: request.clientId, status: request.status, records: page.items, cursor: page.cursor };
  }
  const pages = await Promise.all(
    PROFILE_STATUSES.map(async (status) => ({
      status,
      page: await deps.statusRows.listByStatus(request.clientId, status, null, request.limit),
    })),
  );
  return {
    clientId: request.clientId,
    records: pages.flatMap(({ page }) => page.items),
    more: pages.filter(({ page }) => page.cursor !== null).map(({ status }) => status),
  };
}

function erasedViewOf(profile: Profile) {
  return { ...statusViewOf(profile), deleted: profile.deleted };
}

const deps = lazy(() => opsProfileDepsFromEnv());

export const handler = middy<unknown, OpsProfileResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createOpsProfile(deps));
