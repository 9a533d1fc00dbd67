/**
 * The single source of truth for what runs where: read by the CDK app (infra/) and the local runtime
 * (scripts/local/). Environment variable names here are the ones the handlers read
 * (lambdas/shared/adapters-from-env.ts). Tests prove both runtimes serve every function listed here.
 */
import { MAIN_TABLE } from "../../lambdas/adapters/dynamodb/table-definitions.js";
import { MAX_NOTICE_ATTEMPTS } from "../../lambdas/domain/notifications/deliver-notice.js";
import { MAX_WEBHOOK_ATTEMPTS } from "../../lambdas/domain/webhooks/delivery-policy.js";
import type { Topology } from "./types.js";

export const QUEUE = {
  review: "review",
  chain: "chain",
  webhook: "webhook",
  notification: "notification",
} as const;

export const topology: Topology = {
  tables: [{ id: "main", nameEnv: "TABLE_NAME", definition: MAIN_TABLE }],
  queues: [
    {
      id: QUEUE.review,
      urlEnv: "REVIEW_QUEUE_URL",
      fifo: false,
      // Six times the bot's timeout, as AWS recommends for SQS event sources.
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      retentionDays: 14,
    },
    {
      // Approvals and revocations for the registry, one message group per signer (one ordered writer).
      id: QUEUE.chain,
      urlEnv: "CHAIN_QUEUE_URL",
      fifo: true,
      // The attester's timeout plus a minute; on failure it sets its own backoff on the messages.
      visibilityTimeoutSeconds: 360,
      // The attester backs off up to 15 minutes per receive while the registry is paused: about a day.
      maxReceiveCount: 100,
      retentionDays: 14,
    },
    {
      // Status-change webhooks to businesses; a failed delivery stays with a doubling visibility delay.
      id: QUEUE.webhook,
      urlEnv: "WEBHOOK_QUEUE_URL",
      fifo: false,
      // Above the delivery function's timeout; retries set their own visibility.
      visibilityTimeoutSeconds: 60,
      // 30 s doubling for 10 attempts: about 4 hours of retries, then the DLQ.
      maxReceiveCount: MAX_WEBHOOK_ATTEMPTS,
      retentionDays: 14,
    },
    {
      // References (ids only) to user and support notices; the notifier e-mails them.
      id: QUEUE.notification,
      urlEnv: "NOTIFICATION_QUEUE_URL",
      fifo: false,
      // Above the notifier's timeout; retries set their own visibility.
      visibilityTimeoutSeconds: 60,
      // 30 s doubling for 8 attempts: about two hours of retries, then the DLQ (and its alarm).
      maxReceiveCount: MAX_NOTICE_ATTEMPTS,
      retentionDays: 14,
    },
  ],
  buckets: [
    {
      id: "archive",
      nameEnv: "ARCHIVE_BUCKET",
      description: "Archived profiles (personal data removed from the table after retention)",
      transitionToInfrequentAccessDays: 30,
    },
    {
      id: "checkpoints",
      nameEnv: "SWEEP_CHECKPOINT_BUCKET",
      description: "Dedup sweep checkpoints (engine state too large for a DynamoDB item)",
      // A checkpoint lives for one sweep; anything older belongs to an abandoned run.
      expireAfterDays: 7,
    },
  ],
  keys: [
    {
      id: "chainSigner",
      idEnv: "CHAIN_SIGNER_KMS_KEY_ID",
      keySpec: "ECC_SECG_P256K1",
      keyUsage: "SIGN_VERIFY",
      description: "Signs the attester's registry transactions (secp256k1)",
    },
    {
      id: "registryAdmin",
      idEnv: "REGISTRY_ADMIN_KMS_KEY_ID",
      keySpec: "ECC_SECG_P256K1",
      keyUsage: "SIGN_VERIFY",
      description: "Holds the registry's admin role: creates a registry service for each on-chain customer",
    },
    {
      id: "data",
      idEnv: "DATA_KEY_ID",
      keySpec: "SYMMETRIC_DEFAULT",
      keyUsage: "ENCRYPT_DECRYPT",
      description: "Encrypts tables, queues and the archive bucket",
    },
  ],
  secrets: [
    {
      id: "identifierPepper",
      env: "IDENTIFIER_PEPPER",
      bytes: 32,
      description: "HMAC pepper of the deduplication identifier index (passport, national ID, wallet)",
    },
    {
      id: "refKeyPepper",
      env: "REFKEY_PEPPER",
      bytes: 32,
      description: "Derives each service's refKey salt, so refIds cannot be tested against on-chain flags",
    },
    {
      id: "webhookSigningKey",
      env: "WEBHOOK_SIGNING_KEY",
      bytes: 32,
      description: "Derives each service's webhook signing secret (X-Hub-Signature)",
    },
  ],
  chain: {
    rpcUrlEnv: "CHAIN_RPC_URL",
    chainIdEnv: "CHAIN_ID",
    registryAddressEnv: "REGISTRY_ADDRESS",
    serviceIdEnv: "REGISTRY_SERVICE_ID",
    localSignerPrivateKeyEnv: "CHAIN_SIGNER_PRIVATE_KEY",
    localAdminPrivateKeyEnv: "REGISTRY_ADMIN_PRIVATE_KEY",
  },
  email: {
    fromAddressEnv: "MAIL_FROM_ADDRESS",
    configurationSetEnv: "SES_CONFIGURATION_SET",
    localSmtpUrlEnv: "SMTP_URL",
    helpCentreUrlEnv: "HELP_CENTRE_URL",
    templatesDir: "lambdas/notification-templates",
    templatesDirEnv: "NOTIFICATION_TEMPLATES_DIR",
  },
  api: {
    maxRequestBodyBytes: 10 * 1024 * 1024,
    integrationTimeoutSeconds: 29,
    gatewayResponses: {
      UNAUTHORIZED: { statusCode: 401, message: "Unauthorized" },
      // API Gateway's message tells an explicit deny from a missing allow.
      ACCESS_DENIED: { statusCode: 403 },
      // API Gateway's answer for an unknown route, turned from its default 403 into a 404.
      MISSING_AUTHENTICATION_TOKEN: { statusCode: 404, message: "Not found" },
      REQUEST_TOO_LARGE: { statusCode: 413, message: "Request body too large" },
      AUTHORIZER_FAILURE: { statusCode: 500, message: "Authorizer failure" },
      AUTHORIZER_CONFIGURATION_ERROR: { statusCode: 500, message: "Authorizer configuration error" },
      INTEGRATION_FAILURE: { statusCode: 502, message: "Internal server error" },
      INTEGRATION_TIMEOUT: { statusCode: 504, message: "Endpoint request timed out" },
      // Stage or usage-plan rate exceeded; clients written for Blockpass back off on 429 + Retry-After.
      THROTTLED: { statusCode: 429, message: "Too many requests", retryAfterSeconds: 1 },
    },
    stageThrottle: { rateLimit: 500, burstLimit: 1000 },
    // Per API key. Businesses poll statuses (and get webhooks); identity providers write in bursts.
    perKeyThrottle: {
      status: { rateLimit: 50, burstLimit: 100 },
      intake: { rateLimit: 100, burstLimit: 200 },
      // A customer's reviewers: people paging a queue and deciding, far below a polling client.
      review: { rateLimit: 10, burstLimit: 20 },
    },
  },
  // 60 s: a revoked key stops working within a minute (lambdas/handlers/api-authorizer.ts).
  authorizer: {
    functionName: "api-authorizer",
    identityHeaders: ["Authorization"],
    resultsCacheTtlSeconds: 60,
  },
  consoleAuthorizer: {
    functionName: "console-authorizer",
    identityHeaders: ["Cookie"],
    // Not cached: signing out must end the session at once, and each change's CSRF header is checked.
    resultsCacheTtlSeconds: 0,
  },
  console: {
    userPoolIdEnv: "CONSOLE_USER_POOL_ID",
    userPoolClientIdEnv: "CONSOLE_USER_POOL_CLIENT_ID",
    cognitoDomainEnv: "CONSOLE_COGNITO_DOMAIN",
    publicUrlEnv: "CONSOLE_PUBLIC_URL",
    assetsDir: "console/dist",
  },
  functions: [
    {
      name: "api-authorizer",
      description: "REST API Lambda REQUEST authorizer: API key → IAM policy with { clientId, scope, keyId }",
      entry: "lambdas/handlers/api-authorizer.ts",
      memoryMb: 512,
      timeoutSeconds: 5,
      // Writes the key's last use and the failure counters of the brute-force limiter.
      needs: { tables: { main: "write" } },
      // Attached to every keyed route as `authorizer` (above), not triggered on its own.
      triggers: [],
    },
    {
      name: "intake-profile",
      description: "POST /intake/1.0/{clientId}/profiles: create or resubmit a profile",
      entry: "lambdas/handlers/intake-profile.ts",
      memoryMb: 512,
      timeoutSeconds: 10,
      needs: { tables: { main: "write" }, secrets: ["identifierPepper"] },
      triggers: [{ kind: "http", method: "POST", path: "/intake/1.0/{clientId}/profiles", auth: "intake" }],
    },
    {
      name: "intake-certificates",
      description: "POST /intake/1.0/{clientId}/profiles/{refId}/certificates: record certificates",
      entry: "lambdas/handlers/intake-certificates.ts",
      memoryMb: 512,
      timeoutSeconds: 10,
      needs: { tables: { main: "write" }, sendsTo: [QUEUE.review], secrets: ["identifierPepper"] },
      triggers: [
        {
          kind: "http",
          method: "POST",
          path: "/intake/1.0/{clientId}/profiles/{refId}/certificates",
          auth: "intake",
        },
      ],
    },
    {
      name: "review-bot",
      description: "KYC Bot and Advanced KYC Bot, then real-time deduplication",
      entry: "lambdas/handlers/review-bot.ts",
      memoryMb: 1024,
      timeoutSeconds: 30,
      needs: { tables: { main: "write" }, secrets: ["identifierPepper"] },
      triggers: [{ kind: "sqs", queue: QUEUE.review, batchSize: 10, maxBatchingWindowSeconds: 1 }],
    },
    {
      name: "dedup-sweep",
      description: "Scheduled deduplication sweep over the identifier index (safety net)",
      entry: "lambdas/handlers/dedup-sweep.ts",
      memoryMb: 1024,
      timeoutSeconds: 900,
      // One sweep at a time: a scheduled run and an operator's re-run would fight over the checkpoints.
      reservedConcurrency: 1,
      needs: { tables: { main: "write" }, buckets: { checkpoints: "write" }, secrets: ["identifierPepper"] },
      environment: { SWEEP_TIME_MARGIN_MS: "30000", SWEEP_PAGE_SIZE: "1000" },
      triggers: [
        {
          kind: "schedule",
          expression: "rate(12 hours)",
          description: "Deduplication sweep (reference SLA)",
        },
        { kind: "invoke" },
      ],
    },
    {
      name: "ops-api-keys",
      description: "Operator CLI: create, list, revoke and rotate a service's API keys",
      entry: "lambdas/handlers/ops-api-keys.ts",
      memoryMb: 256,
      timeoutSeconds: 10,
      needs: { tables: { main: "write" } },
      triggers: [{ kind: "invoke" }],
    },
    {
      name: "outbox-publisher",
      description: "Relays the status-change outbox's chain records to the chain FIFO queue",
      entry: "lambdas/handlers/outbox-publisher.ts",
      memoryMb: 512,
      // Each scheduled run keeps polling the outbox until shortly before this timeout.
      timeoutSeconds: 60,
      // The signer's address is the queue's message group.
      needs: { tables: { main: "write" }, sendsTo: [QUEUE.chain], keys: { chainSigner: ["public-key"] } },
      triggers: [
        {
          kind: "schedule",
          expression: "rate(1 minute)",
          description: "Outbox relay (polls within each run)",
        },
        { kind: "invoke" },
      ],
    },
    {
      name: "attester",
      description: "Batches approvals and revocations into registry transactions (nonce-safe, KMS signer)",
      entry: "lambdas/handlers/attester.ts",
      memoryMb: 512,
      timeoutSeconds: 300,
      // One nonce writer per signing key.
      reservedConcurrency: 1,
      needs: {
        tables: { main: "write" },
        // Sets the retry backoff on its own messages.
        sendsTo: [QUEUE.chain],
        keys: { chainSigner: ["sign"] },
        secrets: ["identifierPepper", "refKeyPepper"],
        chain: true,
      },
      // FIFO event sources take no batching window.
      triggers: [{ kind: "sqs", queue: QUEUE.chain, batchSize: 10, maxBatchingWindowSeconds: 0 }],
    },
    {
      name: "chain-reconcile",
      description: "Compares approved profiles with on-chain flags, queues repairs, re-queues failed batches",
      entry: "lambdas/handlers/chain-reconcile.ts",
      memoryMb: 1024,
      timeoutSeconds: 900,
      // One reconcile at a time: two would queue the same repairs twice.
      reservedConcurrency: 1,
      needs: {
        tables: { main: "write" },
        sendsTo: [QUEUE.chain],
        keys: { chainSigner: ["public-key"] },
        chain: true,
      },
      triggers: [
        { kind: "schedule", expression: "rate(1 hour)", description: "Chain reconcile (drift repair)" },
        { kind: "invoke" },
      ],
    },
    {
      name: "status-profile",
      description:
        "Business API: one profile's status by refId or recordId (no personal data on managed plans)",
      entry: "lambdas/handlers/status-profile.ts",
      memoryMb: 512,
      timeoutSeconds: 10,
      needs: { tables: { main: "read" } },
      triggers: [
        { kind: "http", method: "GET", path: "/kyc/1.0/connect/{clientId}/refId/{refId}", auth: "status" },
        // The same read under the path Blockpass's own client scripts call.
        {
          kind: "http",
          method: "GET",
          path: "/kyc/1.0/connect/{clientId}/applicant/{refId}",
          auth: "status",
        },
        {
          kind: "http",
          method: "GET",
          path: "/kyc/1.0/connect/{clientId}/recordId/{recordId}",
          auth: "status",
        },
      ],
    },
    {
      name: "status-onchain",
      description: "Business API: the service's registry coordinates and refKey salt (managed plans)",
      entry: "lambdas/handlers/status-onchain.ts",
      memoryMb: 256,
      timeoutSeconds: 10,
      needs: { tables: { main: "read" }, secrets: ["refKeyPepper"], chain: true },
      triggers: [
        { kind: "http", method: "GET", path: "/kyc/1.0/connect/{clientId}/onchain", auth: "status" },
      ],
    },
    {
      name: "status-applicants",
      description:
        "Business API: a page of a service's profiles, all or by status (byStatus index, no scans)",
      entry: "lambdas/handlers/status-applicants.ts",
      memoryMb: 512,
      timeoutSeconds: 10,
      needs: { tables: { main: "read" } },
      triggers: [
        { kind: "http", method: "GET", path: "/kyc/1.0/connect/{clientId}/applicants", auth: "status" },
        {
          kind: "http",
          method: "GET",
          path: "/kyc/1.0/connect/{clientId}/applicants/{status}",
          auth: "status",
        },
      ],
    },
    {
      name: "review-read",
      description:
        "Customer review API (payg, self-managed): profiles left for review with their data, certificates and AML hits",
      entry: "lambdas/handlers/review-read.ts",
      memoryMb: 512,
      timeoutSeconds: 10,
      needs: { tables: { main: "read" } },
      triggers: [
        { kind: "http", method: "GET", path: "/kyc/1.0/connect/{clientId}/review", auth: "review" },
        { kind: "http", method: "GET", path: "/kyc/1.0/connect/{clientId}/review/{refId}", auth: "review" },
      ],
    },
    {
      name: "review-open",
      description: "Customer review API: a reviewer opens a waiting profile (inreview)",
      entry: "lambdas/handlers/review-open.ts",
      memoryMb: 512,
      timeoutSeconds: 10,
      needs: { tables: { main: "write" }, secrets: ["identifierPepper"] },
      triggers: [
        {
          kind: "http",
          method: "POST",
          path: "/kyc/1.0/connect/{clientId}/review/{refId}/open",
          auth: "review",
        },
      ],
    },
    {
      name: "review-decision",
      description:
        "Customer review API: the customer approves, rejects or blocks a profile (audit, outbox, webhooks, dedup)",
      entry: "lambdas/handlers/review-decision.ts",
      memoryMb: 512,
      // Real-time deduplication runs after an approval on self-managed services with the Advanced KYC Bot
      // (within the API's 29 s integration timeout).
      timeoutSeconds: 25,
      needs: { tables: { main: "write" }, secrets: ["identifierPepper"] },
      triggers: [
        {
          kind: "http",
          method: "POST",
          path: "/kyc/1.0/connect/{clientId}/review/{refId}/decision",
          auth: "review",
        },
      ],
    },
    {
      name: "openapi-document",
      description: "GET /openapi.json: the business API's OpenAPI 3.1 document (public)",
      entry: "lambdas/handlers/openapi-document.ts",
      memoryMb: 256,
      timeoutSeconds: 5,
      needs: {},
      triggers: [{ kind: "http", method: "GET", path: "/openapi.json", auth: "none" }],
    },
    {
      name: "webhook-publisher",
      description: "Relays the status-change outbox's webhook records to the webhook queue",
      entry: "lambdas/handlers/webhook-publisher.ts",
      memoryMb: 256,
      // Each scheduled run keeps polling the outbox until shortly before this timeout.
      timeoutSeconds: 60,
      needs: { tables: { main: "write" }, sendsTo: [QUEUE.webhook] },
      triggers: [
        { kind: "schedule", expression: "rate(1 minute)", description: "Webhook outbox relay" },
        { kind: "invoke" },
      ],
    },
    {
      name: "webhook-delivery",
      description: "POSTs signed status-change webhooks to businesses, retrying with exponential backoff",
      entry: "lambdas/handlers/webhook-delivery.ts",
      memoryMb: 256,
      // Ten receivers at 5 s each in one batch, in parallel.
      timeoutSeconds: 30,
      // Sets the retry backoff on its own messages.
      needs: { tables: { main: "read" }, sendsTo: [QUEUE.webhook], secrets: ["webhookSigningKey"] },
      triggers: [{ kind: "sqs", queue: QUEUE.webhook, batchSize: 10, maxBatchingWindowSeconds: 1 }],
    },
    {
      name: "notification-publisher",
      description: "Relays the outbox's user and support notification records to the notification queue",
      entry: "lambdas/handlers/notification-publisher.ts",
      memoryMb: 256,
      // Each scheduled run keeps polling the outbox until shortly before this timeout.
      timeoutSeconds: 60,
      needs: { tables: { main: "write" }, sendsTo: [QUEUE.notification] },
      triggers: [
        { kind: "schedule", expression: "rate(1 minute)", description: "Notification outbox relay" },
        { kind: "invoke" },
      ],
    },
    {
      name: "notifier",
      description: "E-mails users about decisions and support tickets (SES; SMTP locally), once per record",
      entry: "lambdas/handlers/notifier.ts",
      memoryMb: 256,
      // Ten messages in one batch, in parallel, each a few table reads and one send.
      timeoutSeconds: 30,
      // Writes its idempotency ledger; sets the retry backoff on its own messages.
      needs: { tables: { main: "write" }, sendsTo: [QUEUE.notification], email: true },
      triggers: [{ kind: "sqs", queue: QUEUE.notification, batchSize: 10, maxBatchingWindowSeconds: 1 }],
    },
    {
      name: "weekly-report",
      description:
        "Weekly report of managed-dedicated services (JSON and HTML in the archive bucket), delivered as a webhook event with signed links",
      entry: "lambdas/handlers/weekly-report.ts",
      memoryMb: 512,
      timeoutSeconds: 900,
      // Writes the report, signs links to it (read), and queues the delivery for the webhook function.
      // Draws the week's quality assurance sample (keyed by the pepper) and stores it in the table.
      needs: {
        tables: { main: "write" },
        buckets: { archive: "write" },
        sendsTo: [QUEUE.webhook],
        secrets: ["identifierPepper"],
      },
      triggers: [
        {
          kind: "schedule",
          expression: "cron(0 6 ? * MON *)",
          description: "Weekly service report (the ISO week that just ended)",
        },
        { kind: "invoke" },
      ],
    },
    {
      name: "archive-job",
      description:
        "Daily archival: removes personal data of due profiles, copies status records to the archive",
      entry: "lambdas/handlers/archive-job.ts",
      memoryMb: 512,
      timeoutSeconds: 900,
      // One run at a time: two runs would move the same high-water marks.
      reservedConcurrency: 1,
      needs: { tables: { main: "write" }, buckets: { archive: "write" }, secrets: ["identifierPepper"] },
      environment: { ARCHIVAL_TIME_MARGIN_MS: "30000", ARCHIVAL_PAGE_SIZE: "25" },
      triggers: [
        {
          kind: "schedule",
          expression: "rate(1 day)",
          description: "Retention archival (reference: 1 or 2 months)",
        },
        { kind: "invoke" },
      ],
    },
    {
      name: "status-archive",
      description: "Archive Dashboard API: the business archives one of its profiles now",
      entry: "lambdas/handlers/status-archive.ts",
      memoryMb: 512,
      timeoutSeconds: 10,
      needs: { tables: { main: "write" }, buckets: { archive: "write" }, secrets: ["identifierPepper"] },
      triggers: [
        {
          kind: "http",
          method: "POST",
          path: "/kyc/1.0/connect/{clientId}/refId/{refId}/archive",
          auth: "status",
        },
      ],
    },
    {
      name: "ops-service",
      description:
        "Operator CLI: create, update, change the plan of (chain effects queued) and show a service; webhook secret",
      entry: "lambdas/handlers/ops-service.ts",
      memoryMb: 512,
      // Waits for the registry's createService transaction to be mined.
      timeoutSeconds: 90,
      // The chain signer's address becomes the new registry service's attester; the admin key signs.
      // The webhook signing key derives the secret operators hand to a business. A plan change queues
      // its attestations and revocations on the chain queue, in the signer's message group.
      needs: {
        tables: { main: "write" },
        sendsTo: [QUEUE.chain],
        keys: { chainSigner: ["public-key"], registryAdmin: ["sign"] },
        secrets: ["webhookSigningKey"],
        chain: true,
      },
      triggers: [{ kind: "invoke" }],
    },
    {
      name: "ops-profile",
      description:
        "Operator CLI and console: list, queue, show, open, remediate (approve/reject/block/unblock/request-resubmission) and erase profiles",
      entry: "lambdas/handlers/ops-profile.ts",
      memoryMb: 512,
      timeoutSeconds: 30,
      // Erasure rewrites an archived profile's copy in the archive bucket.
      needs: { tables: { main: "write" }, buckets: { archive: "write" }, secrets: ["identifierPepper"] },
      triggers: [{ kind: "invoke" }],
    },
    {
      name: "ops-qa",
      description: "Operator CLI and console: weekly quality assurance sample of managed-dedicated services",
      entry: "lambdas/handlers/ops-qa.ts",
      memoryMb: 512,
      timeoutSeconds: 30,
      // The pepper keys the draw; samples and outcomes are written to the main table.
      needs: { tables: { main: "write" }, secrets: ["identifierPepper"] },
      triggers: [{ kind: "invoke" }],
    },
    {
      name: "ops-jobs",
      description:
        "Operator CLI: runs a scheduled job now (dedup, archive, reconcile, report, sla-check) with a given clock",
      entry: "lambdas/handlers/ops-jobs.ts",
      memoryMb: 256,
      // Waits for the job it invokes synchronously (the longest runs 900 s).
      timeoutSeconds: 900,
      needs: {
        invokes: ["dedup-sweep", "archive-job", "chain-reconcile", "weekly-report", "support-sla-check"],
      },
      triggers: [{ kind: "invoke" }],
    },
    {
      name: "ops-support",
      description:
        "Operator CLI: support tickets (open, reply, close, reopen, assign, deletion, EDD) and holidays",
      entry: "lambdas/handlers/ops-support.ts",
      memoryMb: 512,
      timeoutSeconds: 30,
      // A confirmed deletion runs the erasure; an EDD false positive the audited unblock.
      needs: { tables: { main: "write" }, buckets: { archive: "write" }, secrets: ["identifierPepper"] },
      triggers: [{ kind: "invoke" }],
    },
    {
      name: "support-sla-check",
      description: "Support SLA check: tickets about to breach or breached their first-response time",
      entry: "lambdas/handlers/support-sla-check.ts",
      memoryMb: 512,
      timeoutSeconds: 300,
      // Two checks at once would only record the same breaches twice (conditional: harmless but noisy).
      reservedConcurrency: 1,
      needs: { tables: { main: "write" } },
      triggers: [
        { kind: "schedule", expression: "rate(15 minutes)", description: "Support first-response SLA check" },
        { kind: "invoke" },
      ],
    },
    {
      name: "support-tickets",
      description: "Business API: open and read the business's support tickets (refId only on managed plans)",
      entry: "lambdas/handlers/support-tickets.ts",
      memoryMb: 512,
      timeoutSeconds: 10,
      needs: { tables: { main: "write" } },
      triggers: [
        { kind: "http", method: "POST", path: "/kyc/1.0/connect/{clientId}/support/tickets", auth: "status" },
        { kind: "http", method: "GET", path: "/kyc/1.0/connect/{clientId}/support/tickets", auth: "status" },
        {
          kind: "http",
          method: "GET",
          path: "/kyc/1.0/connect/{clientId}/support/tickets/{ticketId}",
          auth: "status",
        },
        {
          kind: "http",
          method: "POST",
          path: "/kyc/1.0/connect/{clientId}/support/tickets/{ticketId}/messages",
          auth: "status",
        },
      ],
    },
    {
      name: "console-authorizer",
      description:
        "Console API REQUEST authorizer: session cookie (and CSRF header on changes) → the signed-in user",
      entry: "lambdas/handlers/console-authorizer.ts",
      memoryMb: 256,
      timeoutSeconds: 5,
      needs: { tables: { main: "read" } },
      // Run by API Gateway only (like api-authorizer): never invocable by operators.
      triggers: [],
    },
    {
      name: "console-session",
      description:
        "Console sign-in (local operator password, Cognito ID token, customer review key), sign-out, config",
      entry: "lambdas/handlers/console-session.ts",
      // scrypt verifies local passwords with 32 MiB of memory.
      memoryMb: 512,
      timeoutSeconds: 10,
      // Writes sessions; a customer's review key is checked (and failures counted) as the authorizer does.
      needs: { tables: { main: "write" }, consoleSignIn: true },
      triggers: [
        { kind: "http", method: "GET", path: "/console/api/config", auth: "none" },
        { kind: "http", method: "POST", path: "/console/api/session", auth: "none" },
        { kind: "http", method: "DELETE", path: "/console/api/session", auth: "none" },
      ],
    },
    {
      name: "console-api",
      description:
        "Console API for operators and customer reviewers: queues, profiles, actions, QA, jobs, support (the CLI's and review API's use cases)",
      entry: "lambdas/handlers/console-api.ts",
      memoryMb: 1024,
      // A job run waits for the job function (dedup, archive, reconcile) within the API's 29 s.
      timeoutSeconds: 29,
      // The union of what the operator functions and the customer review functions it serves need.
      needs: {
        tables: { main: "write" },
        buckets: { archive: "write" },
        secrets: ["identifierPepper"],
        invokes: ["dedup-sweep", "archive-job", "chain-reconcile", "support-sla-check"],
      },
      triggers: [
        { kind: "http", method: "GET", path: "/console/api/me", auth: "console" },
        { kind: "http", method: "GET", path: "/console/api/services", auth: "console" },
        { kind: "http", method: "GET", path: "/console/api/services/{clientId}/queue", auth: "console" },
        {
          kind: "http",
          method: "GET",
          path: "/console/api/services/{clientId}/profiles/{refId}",
          auth: "console",
        },
        {
          kind: "http",
          method: "POST",
          path: "/console/api/services/{clientId}/profiles/{refId}/open",
          auth: "console",
        },
        {
          kind: "http",
          method: "POST",
          path: "/console/api/services/{clientId}/profiles/{refId}/actions",
          auth: "console",
        },
        { kind: "http", method: "GET", path: "/console/api/services/{clientId}/qa", auth: "console" },
        {
          kind: "http",
          method: "POST",
          path: "/console/api/services/{clientId}/qa/{refId}",
          auth: "console",
        },
        { kind: "http", method: "GET", path: "/console/api/chain", auth: "console" },
        { kind: "http", method: "POST", path: "/console/api/jobs/{job}", auth: "console" },
        { kind: "http", method: "GET", path: "/console/api/support/tickets", auth: "console" },
        {
          kind: "http",
          method: "GET",
          path: "/console/api/support/tickets/{clientId}/{ticketId}",
          auth: "console",
        },
        {
          kind: "http",
          method: "POST",
          path: "/console/api/support/tickets/{clientId}/{ticketId}/{ticketAction}",
          auth: "console",
        },
      ],
    },
  ],
};
