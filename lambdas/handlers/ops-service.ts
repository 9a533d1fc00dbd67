import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { z } from "zod";
import { chainQueueFromEnv, signerFromEnv } from "../adapters/chain/chain-from-env.js";
import { opsRegistryAdminFromEnv } from "../adapters/chain/ops-registry-admin.js";
import { DynamoDbChainProfileReader } from "../adapters/dynamodb/chain-profile-reader.js";
import { DynamoDbChainRecordStore } from "../adapters/dynamodb/chain-record-store.js";
import {
  DynamoDbApprovedProfilePages,
  DynamoDbRecordedFlagPages,
} from "../adapters/dynamodb/plan-change-sources.js";
import { DynamoDbProfileRepository } from "../adapters/dynamodb/profile-repository.js";
import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import { postSignedBody } from "../adapters/webhooks/deliver-webhook.js";
import { postWebhook, type WebhookResponse } from "../adapters/webhooks/http-webhook-sender.js";
import { webhookEnvOf } from "../adapters/webhooks/webhooks-from-env.js";
import { WebhookSigner } from "../adapters/webhooks/webhook-signer.js";
import { randomUUID } from "node:crypto";
import { CERTIFICATE_NAMES, CHECK_CODES } from "../domain/certificates.js";
import { changePlan, type ChangePlanDeps } from "../domain/operator/change-plan.js";
import { updateService, type ServiceChanges } from "../domain/operator/update-service.js";
import { onboardService } from "../domain/operator/onboard-service.js";
import type { RegistryAdmin } from "../domain/operator/registry-admin.js";
import {
  issueWebhookSecret,
  rotateWebhookSecret,
  type WebhookSecrets,
} from "../domain/operator/webhook-secret.js";
import { DEFAULT_ROTATION_OVERLAP_SECONDS } from "../domain/webhooks/webhook-secret-generations.js";
import { webhookPingOf } from "../domain/webhooks/webhook-payload.js";
import type { Clock, ServiceAuditTrail, ServiceRepository } from "../domain/ports.js";
import {
  BOT_POLICY_NAMES,
  entitlementsOf,
  FULL_NAME_MATCH_RULES,
  PLANS,
  type Service,
} from "../domain/service.js";
import { loadService } from "../domain/use-cases/load.js";
import { ConflictError } from "../domain/errors.js";
import { isDelivered } from "../domain/webhooks/delivery-policy.js";
import { requiredEnv } from "../shared/environment.js";
import { CLIENT_ID_PATTERN } from "../shared/intake-schemas.js";
import { lazy } from "../shared/lazy.js";
import { createLogger, createMetrics } from "../shared/observability.js";
import { answerOpsError, parseOpsRequest, type OpsResponse } from "../shared/ops-response.js";

/**
 * Operator function for services, invoked through the Lambda Invoke API (the operator CLI):
 * - `{ action: "create", clientId, name, plan, policy?, customPolicy?, retention?, advancedBot?,
 *   webhookUrl?, onchainServiceId?, operator }`: creates the service and, on plans with on-chain KYC,
 *   registers it on the registry with the pipeline's attester (or attaches `onchainServiceId`); with a
 *   webhook URL, the answer's `webhook` carries the signing secret to hand to the business;
 * - `{ action: "show", clientId }`: the service, what its plan entitles it to, its operator audit trail;
 * - `{ action: "webhook-secret", clientId, operator }`: the service's webhook signing secret again;
 * - `{ action: "webhook-rotate", clientId, operator, overlapSeconds? }`: the service's next secret
 *   (only its own), the previous one still signing for the overlap (default one day);
 * - `{ action: "webhook-ping", clientId, operator }`: POSTs a signed test body (`isPing: true`,
 *   event `ping`) to the service's webhook URL now and answers what the receiver said;
 * - `{ action: "update", clientId, changes, operator }`: changes settings (`serviceUpdateFields`),
 *   checked against the plan's rules; a first webhook URL answers its signing secret;
 * - `{ action: "change-plan", clientId, plan, operator }`: moves the service to another plan and queues
 *   the chain effects (registration, attest every approved profile / revoke every flag); repeating it
 *   resumes a change that stopped part-way (docs/service-lifecycle.md).
 * Every change and every secret given out is audited with the operator. Answers `{ status: "success",
 * data }` or `{ status: "error", code, message }`.
 *
 * Environment: TABLE_NAME, WEBHOOK_SIGNING_KEY; for plan changes CHAIN_QUEUE_URL; for registration CHAIN_RPC_URL, CHAIN_ID,
 * REGISTRY_ADDRESS, the pipeline signer (CHAIN_SIGNER_KMS_KEY_ID or CHAIN_SIGNER_PRIVATE_KEY: the
 * attester) and the registry admin key (REGISTRY_ADMIN_KMS_KEY_ID or REGISTRY_ADMIN_PRIVATE_KEY).
 */
const logger = createLogger("ops-service");
const metrics = createMetrics("ops-service");

const clientId = z.string().regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'");
const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO date");
const checkAction = z.enum(["approve", "reject", "block", "review"]);
const operator = z.string().trim().min(1).max(256);
const customPolicy = z.object({
  actions: z.partialRecord(z.enum(CHECK_CODES), checkAction),
  maxRejections: z.number().int().min(0),
});
const retention = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("ongoing") }),
  z.object({ mode: z.literal("single-event"), eventEndDate: isoDate }),
]);
const amlScore = z.number().min(0).max(100);

/**
 * The settings `service update` may change, by their Service field name: adding an updatable setting
 * is one line here (the domain checks the result and the plan's rules). Null removes an optional one.
 */
export const serviceUpdateFields = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    botPolicy: z.enum(BOT_POLICY_NAMES),
    customPolicy: customPolicy.nullable(),
    requiredCertificates: z.array(z.enum(CERTIFICATE_NAMES)).min(1),
    amlThresholds: z.strictObject({ block: amlScore, review: amlScore }),
    attestationValidityDays: z.number().int().min(1).max(3650),
    retention,
    webhookUrl: z.string().max(2048).nullable(),
    kycBotEnabled: z.boolean(),
    advancedBotEnabled: z.boolean(),
    amlFullNameMatch: z.enum(FULL_NAME_MATCH_RULES),
  })
  .partial() satisfies z.ZodType<ServiceChanges>;

export const opsServiceRequest = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("create"),
    clientId,
    name: z.string().trim().min(1).max(200),
    plan: z.enum(PLANS),
    policy: z.enum(BOT_POLICY_NAMES).optional(),
    customPolicy: customPolicy.optional(),
    retention: retention.optional(),
    advancedBot: z.boolean().optional(),
    amlFullNameMatch: z.enum(FULL_NAME_MATCH_RULES).optional(),
    webhookUrl: z.string().max(2048).optional(),
    onchainServiceId: z
      .string()
      .regex(/^[1-9][0-9]{0,76}$/, "must be a positive decimal integer")
      .optional(),
    operator,
  }),
  z.object({ action: z.literal("show"), clientId }),
  z.object({ action: z.literal("webhook-secret"), clientId, operator }),
  z.object({
    action: z.literal("webhook-rotate"),
    clientId,
    operator,
    overlapSeconds: z.number().int().min(0).optional(),
  }),
  z.object({ action: z.literal("webhook-ping"), clientId, operator }),
  z.object({ action: z.literal("update"), clientId, changes: serviceUpdateFields, operator }),
  z.object({ action: z.literal("change-plan"), clientId, plan: z.enum(PLANS), operator }),
]);
export type OpsServiceRequest = z.input<typeof opsServiceRequest>;

export type OpsServiceResponse = OpsResponse;

export interface OpsServiceDeps {
  services: ServiceRepository & ServiceAuditTrail;
  registry: () => RegistryAdmin;
  webhookSecrets: () => WebhookSecrets;
  clock: Clock;
  /** The stage named in webhook bodies' `env`. */
  webhookEnv: string;
  postWebhook(url: string, rawBody: string, headers: Record<string, string>): Promise<WebhookResponse>;
  /** What a plan change reads and where it queues chain work; built on first use. */
  planChange: () => Promise<
    Pick<ChangePlanDeps, "approvedProfiles" | "recordedFlags" | "chainQueue" | "pageSize">
  >;
}

/** Profiles per plan-change page: one chain queue message and one progress write each. */
const PLAN_CHANGE_PAGE_SIZE = 200;

export function opsServiceDepsFromEnv(env: NodeJS.ProcessEnv = process.env): OpsServiceDeps {
  return {
    services: new DynamoDbServiceRepository(createDocumentClient(), requiredEnv("TABLE_NAME", env)),
    // Only on-chain plans need the chain settings and keys.
    registry: lazy(() => opsRegistryAdminFromEnv(env)),
    // Only services with a webhook URL need the signing key.
    webhookSecrets: lazy(() => WebhookSigner.fromSecret(env.WEBHOOK_SIGNING_KEY)),
    clock: new SystemClock(),
    webhookEnv: webhookEnvOf(env),
    postWebhook: (url, rawBody, headers) => postWebhook(url, rawBody, headers),
    planChange: lazy(async () => {
      const client = createDocumentClient();
      const tableName = requiredEnv("TABLE_NAME", env);
      return {
        approvedProfiles: new DynamoDbApprovedProfilePages(
          new DynamoDbProfileRepository(client, tableName),
          new DynamoDbChainProfileReader(client, tableName),
        ),
        recordedFlags: new DynamoDbRecordedFlagPages(new DynamoDbChainRecordStore(client, tableName)),
        // The attester's queue and message group (its signer): the attester stays the only writer.
        chainQueue: await chainQueueFromEnv(signerFromEnv(env), env),
        pageSize: PLAN_CHANGE_PAGE_SIZE,
      };
    }),
  };
}

/** The function with its dependencies supplied (tests inject a clock and a registry). */
export function createOpsService(deps: () => OpsServiceDeps) {
  return async (event: unknown): Promise<OpsServiceResponse> => {
    const parsed = parseOpsRequest(opsServiceRequest, event);
    if (!parsed.success) return parsed.answer;
    const request = parsed.request;
    const where = { action: request.action, clientId: request.clientId };
    try {
      const data = await perform(deps(), request);
      logger.info("operator service request", {
        ...where,
        ...(request.action === "show" ? {} : { operator: request.operator }),
        ...(request.action === "create" || request.action === "change-plan" ? { plan: request.plan } : {}),
      });
      metrics.addMetric(`ops_service_${request.action}`, MetricUnit.Count, 1);
      return { status: "success", data };
    } catch (error) {
      return answerOpsError(error, {
        failed: () => logger.error("operator service request failed", { ...where, error: error as Error }),
        refused: (exposed) => logger.info("operator service request refused", { ...where, ...exposed }),
      });
    }
  };
}

async function perform(deps: OpsServiceDeps, request: z.output<typeof opsServiceRequest>): Promise<unknown> {
  const at = deps.clock.now();
  if (request.action === "show") {
    const [service, audit] = await Promise.all([
      loadService(deps.services, request.clientId),
      deps.services.listAudit(request.clientId),
    ]);
    return { ...viewOf(service), audit };
  }
  if (request.action === "webhook-secret") {
    return { webhook: await issueWebhookSecret(deps, { ...request, at }) };
  }
  if (request.action === "webhook-rotate") {
    const overlapSeconds = request.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
    return { webhook: await rotateWebhookSecret(deps, { ...request, overlapSeconds, at }) };
  }
  if (request.action === "webhook-ping") return { ping: await pingWebhook(deps, request.clientId, at) };
  if (request.action === "update") {
    const before = await loadService(deps.services, request.clientId);
    const result = await updateService(deps, { ...request, at });
    // A service given its first webhook URL: the business needs the secret to verify deliveries.
    const webhook =
      before.webhookUrl === undefined && result.service.webhookUrl !== undefined
        ? await issueWebhookSecret(deps, { clientId: request.clientId, operator: request.operator, at })
        : null;
    return { ...viewOf(result.service), changed: result.changed, webhook };
  }
  if (request.action === "change-plan") {
    const result = await changePlan(
      { ...deps, ...(await deps.planChange()) },
      { clientId: request.clientId, to: request.plan, operator: request.operator, at },
    );
    return {
      ...viewOf(result.service),
      planChange: result.planChange,
      resumed: result.resumed,
      registration: result.registered,
    };
  }
  const result = await onboardService(deps, {
    clientId: request.clientId,
    name: request.name,
    plan: request.plan,
    operator: request.operator,
    at,
    ...(request.policy === undefined ? {} : { botPolicy: request.policy }),
    ...(request.customPolicy === undefined ? {} : { customPolicy: request.customPolicy }),
    ...(request.retention === undefined ? {} : { retention: request.retention }),
    ...(request.advancedBot === undefined ? {} : { advancedBotEnabled: request.advancedBot }),
    ...(request.amlFullNameMatch === undefined ? {} : { amlFullNameMatch: request.amlFullNameMatch }),
    ...(request.webhookUrl === undefined ? {} : { webhookUrl: request.webhookUrl }),
    ...(request.onchainServiceId === undefined ? {} : { onchainServiceId: request.onchainServiceId }),
  });
  const webhook =
    result.service.webhookUrl === undefined
      ? null
      : await issueWebhookSecret(deps, { clientId: request.clientId, operator: request.operator, at });
  return { ...viewOf(result.service), registration: result.registered, webhook };
}

/** One signed test delivery, sent now (not queued): the operator sees the receiver's answer. */
async function pingWebhook(deps: OpsServiceDeps, clientId: string, at: string) {
  const service = await loadService(deps.services, clientId);
  const webhookUrl = service.webhookUrl;
  if (webhookUrl === undefined) {
    throw new ConflictError(`service ${clientId} has no webhook URL: there is nothing to ping`, {
      context: { clientId },
    });
  }
  const body = webhookPingOf({ guid: randomUUID(), clientId, at, env: deps.webhookEnv });
  const response = await postSignedBody(
    { secrets: deps.webhookSecrets(), now: () => new Date(at), post: deps.postWebhook },
    { ...service, webhookUrl },
    body,
  );
  return {
    url: webhookUrl,
    guid: body.guid,
    httpStatus: response.status,
    delivered: isDelivered(response.status),
  };
}

function viewOf(service: Service) {
  return { service, entitlements: entitlementsOf(service) };
}

const deps = lazy(() => opsServiceDepsFromEnv());

export const handler = middy<unknown, OpsServiceResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(createOpsService(deps));
