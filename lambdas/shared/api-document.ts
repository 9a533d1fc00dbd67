import "./zod-openapi-extension.js";
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { ApiScope, HttpMethod } from "../../infra/topology/types.js";
import { CHECK_CODES } from "../domain/certificates.js";
import { PROFILE_STATUSES } from "../domain/profile.js";
import {
  applicantsByStatusPath,
  applicantsPage,
  applicantsPath,
  archiveResult,
  BUSINESS_API_PREFIX,
  BUSINESS_API_VERSION,
  errorEnvelope,
  onchainCoordinates,
  onchainPath,
  pagingQuery,
  recordIdPath,
  refIdPath,
  statusQuery,
  statusRecord,
  successEnvelope,
} from "./business-api-schemas.js";
import { decisionBody, REVIEW_API_PREFIX, reviewPage, reviewRecord } from "./customer-review-schemas.js";
import { intakeCertificatesBody, intakeProfileBody } from "./intake-schemas.js";
import {
  businessMessageBody,
  businessTicket,
  businessTicketBody,
  businessTicketsPage,
  ticketPath,
  ticketsPath,
  ticketsQuery,
} from "./support-schemas.js";

/**
 * The API's OpenAPI 3.1 document, built by `@asteasolutions/zod-to-openapi` from the zod schemas the
 * handlers validate with. Adding an HTTP route: its trigger in the topology manifest and one entry
 * in `API_ROUTES` below (test/unit/business-api/openapi-routes.test.ts fails until both agree).
 */

const INTAKE_PREFIX = "/intake/1.0/{clientId}";

const ERROR_DESCRIPTIONS = {
  400: "Invalid path, query or body: the message names the failing field and why",
  401: "No valid API key",
  403: "The key belongs to another service or lacks the route's scope, or the service's plan does not include the route (e.g. `onchain` off managed plans)",
  404: "Unknown service, refId or recordId",
  409: "The current state does not allow it (e.g. certificates for a blocked profile; `onchain` before the service is registered on the registry), or the profile changed since the version a decision names",
  413: "Body larger than 64 KiB",
  415: "Body is not `application/json`",
  429: "Too many requests: wait `Retry-After` seconds, then retry",
  500: "Internal error (no details)",
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

export const checkCode = z.enum(CHECK_CODES).meta({
  description:
    "Check codes the review bots know; unknown upper-case codes are accepted and leave the profile for manual review",
  example: "DOC_IMAGE_QUALITY",
});
const profileSummary = z.object({
  refId: z.string().meta({ example: "user-1" }),
  recordId: z.string().meta({ example: "5f1c0e8a9b2d4c6e8f0a1b2c" }),
  status: z.enum(PROFILE_STATUSES).meta({ example: "incomplete" }),
  submitCount: z.number().int().min(1),
});

// Named once here: every use below is a `$ref` to `#/components/schemas/<name>`.
const named = {
  statusRecord: statusRecord.openapi("StatusRecord"),
  applicantsPage: applicantsPage.openapi("ApplicantsPage"),
  archiveResult: archiveResult.openapi("ArchiveResult"),
  onchainCoordinates: onchainCoordinates.openapi("OnchainCoordinates"),
  profileSummary: profileSummary.openapi("ProfileSummary"),
  intakeProfile: intakeProfileBody.openapi("IntakeProfile"),
  intakeCertificates: intakeCertificatesBody.openapi("IntakeCertificates"),
  error: errorEnvelope.openapi("Error"),
  reviewRecord: reviewRecord.openapi("ReviewRecord"),
  reviewPage: reviewPage.openapi("ReviewPage"),
  reviewDecision: decisionBody.openapi("ReviewDecision"),
  supportTicket: businessTicket.openapi("SupportTicket"),
  supportTicketsPage: businessTicketsPage.openapi("SupportTicketsPage"),
  openSupportTicket: businessTicketBody.openapi("OpenSupportTicket"),
  supportTicketMessage: businessMessageBody.openapi("SupportTicketMessage"),
};

interface ApiRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth: ApiScope | "none";
  readonly operationId: string;
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly success: { readonly status: 200 | 201; readonly description: string; readonly data: z.ZodType };
  readonly alsoSucceeds?: { readonly status: 200; readonly description: string };
  readonly errors: readonly ErrorStatus[];
}

const KEYED_READ: readonly ErrorStatus[] = [400, 401, 403, 404, 429, 500];
const INTAKE_WRITE: readonly ErrorStatus[] = [400, 401, 403, 404, 409, 413, 415, 429, 500];
const REVIEW_WRITE: readonly ErrorStatus[] = [400, 401, 403, 404, 409, 429, 500];

/** Every HTTP route of the topology manifest, as clients see it. */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: "POST",
    path: `${INTAKE_PREFIX}/profiles`,
    auth: "intake",
    operationId: "submitProfile",
    summary: "Identity provider: create a profile, or resubmit one (same refId) after a rejection",
    params: applicantsPath,
    body: named.intakeProfile,
    success: { status: 201, description: "Profile created", data: named.profileSummary },
    alsoSucceeds: { status: 200, description: "Profile resubmitted or unchanged (same body again)" },
    errors: INTAKE_WRITE,
  },
  {
    method: "POST",
    path: `${INTAKE_PREFIX}/profiles/{refId}/certificates`,
    auth: "intake",
    operationId: "submitCertificates",
    summary: "Identity provider: add or replace check certificates; complete sets go to review",
    params: refIdPath,
    body: named.intakeCertificates,
    success: { status: 200, description: "Certificates recorded", data: named.profileSummary },
    errors: INTAKE_WRITE,
  },
  {
    method: "GET",
    path: `${BUSINESS_API_PREFIX}/refId/{refId}`,
    auth: "status",
    operationId: "getStatusByRefId",
    summary: "A profile's status by the business's refId",
    params: refIdPath,
    success: { status: 200, description: "The profile's status", data: named.statusRecord },
    errors: KEYED_READ,
  },
  {
    method: "GET",
    path: `${BUSINESS_API_PREFIX}/applicant/{refId}`,
    auth: "status",
    operationId: "getApplicantByRefId",
    summary: "Same as refId/{refId} (the path Blockpass's own scripts call)",
    params: refIdPath,
    success: { status: 200, description: "The profile's status", data: named.statusRecord },
    errors: KEYED_READ,
  },
  {
    method: "GET",
    path: `${BUSINESS_API_PREFIX}/recordId/{recordId}`,
    auth: "status",
    operationId: "getStatusByRecordId",
    summary: "A profile's status by the service's recordId",
    params: recordIdPath,
    success: { status: 200, description: "The profile's status", data: named.statusRecord },
    errors: KEYED_READ,
  },
  {
    method: "GET",
    path: `${BUSINESS_API_PREFIX}/onchain`,
    auth: "status",
    operationId: "getOnchainCoordinates",
    summary:
      "This service's registry coordinates and refKey salt, to check isIssuedFor(serviceId, wallet, refKey) for a refId (managed plans)",
    params: onchainPath,
    success: {
      status: 200,
      description: "Chain id, registry, service id and salt",
      data: named.onchainCoordinates,
    },
    errors: [401, 403, 404, 409, 429, 500],
  },
  {
    method: "GET",
    path: `${BUSINESS_API_PREFIX}/applicants`,
    auth: "status",
    operationId: "listApplicants",
    summary: "All profiles: statuses in lifecycle order, each oldest status change first",
    params: applicantsPath,
    query: pagingQuery.extend(statusQuery.shape),
    success: { status: 200, description: "A page of profiles", data: named.applicantsPage },
    errors: [400, 401, 403, 429, 500],
  },
  {
    method: "GET",
    path: `${BUSINESS_API_PREFIX}/applicants/{status}`,
    auth: "status",
    operationId: "listApplicantsByStatus",
    summary: "Profiles in one status, oldest status change first",
    params: applicantsByStatusPath,
    query: pagingQuery,
    success: { status: 200, description: "A page of profiles", data: named.applicantsPage },
    errors: [400, 401, 403, 429, 500],
  },
  {
    method: "POST",
    path: `${BUSINESS_API_PREFIX}/refId/{refId}/archive`,
    auth: "status",
    operationId: "archiveProfile",
    summary: "Archive a profile now (Archive Dashboard API): personal data removed, status kept",
    params: refIdPath,
    success: { status: 200, description: "The profile is archived", data: named.archiveResult },
    errors: KEYED_READ,
  },
  {
    method: "POST",
    path: `${BUSINESS_API_PREFIX}/support/tickets`,
    auth: "status",
    operationId: "openSupportTicket",
    summary:
      "Open a support ticket (for the business, or about one of its users by refId); one outside the plan is refused at once",
    params: ticketsPath,
    body: named.openSupportTicket,
    success: {
      status: 201,
      description: "The ticket (closed with `outcome: refused` when outside the plan)",
      data: named.supportTicket,
    },
    errors: [400, 401, 403, 404, 413, 415, 429, 500],
  },
  {
    method: "GET",
    path: `${BUSINESS_API_PREFIX}/support/tickets`,
    auth: "status",
    operationId: "listSupportTickets",
    summary: "The service's support tickets, oldest first (a user's conversation withheld on on-chain plans)",
    params: ticketsPath,
    query: ticketsQuery,
    success: { status: 200, description: "A page of tickets", data: named.supportTicketsPage },
    errors: [400, 401, 403, 404, 429, 500],
  },
  {
    method: "GET",
    path: `${BUSINESS_API_PREFIX}/support/tickets/{ticketId}`,
    auth: "status",
    operationId: "getSupportTicket",
    summary: "One support ticket",
    params: ticketPath,
    success: { status: 200, description: "The ticket", data: named.supportTicket },
    errors: KEYED_READ,
  },
  {
    method: "POST",
    path: `${BUSINESS_API_PREFIX}/support/tickets/{ticketId}/messages`,
    auth: "status",
    operationId: "addSupportTicketMessage",
    summary: "Add a message to a ticket, or reopen it (`reopen: true` restarts the response clock)",
    params: ticketPath,
    body: named.supportTicketMessage,
    success: { status: 200, description: "The ticket", data: named.supportTicket },
    errors: [400, 401, 403, 404, 409, 413, 415, 429, 500],
  },
  {
    method: "GET",
    path: REVIEW_API_PREFIX,
    auth: "review",
    operationId: "listForReview",
    summary:
      "Customer review (payg, self-managed): profiles waiting for review, then in review, each oldest first, with personal data, certificates, checks and AML hits",
    params: applicantsPath,
    query: pagingQuery,
    success: { status: 200, description: "A page of profiles to review", data: named.reviewPage },
    errors: [400, 401, 403, 404, 429, 500],
  },
  {
    method: "GET",
    path: `${REVIEW_API_PREFIX}/{refId}`,
    auth: "review",
    operationId: "getForReview",
    summary: "Customer review: one profile in full (any status); reading changes nothing",
    params: refIdPath,
    success: { status: 200, description: "The profile as a reviewer sees it", data: named.reviewRecord },
    errors: KEYED_READ,
  },
  {
    method: "POST",
    path: `${REVIEW_API_PREFIX}/{refId}/open`,
    auth: "review",
    operationId: "openForReview",
    summary: "Customer review: open a waiting profile (status inreview); opening it again changes nothing",
    params: refIdPath,
    success: { status: 200, description: "The profile, now in review", data: named.reviewRecord },
    errors: REVIEW_WRITE,
  },
  {
    method: "POST",
    path: `${REVIEW_API_PREFIX}/{refId}/decision`,
    auth: "review",
    operationId: "decideReview",
    summary:
      "Customer review: approve, reject (with the user's remediation text) or block, on the version read; 409 if the profile changed since",
    params: refIdPath,
    body: named.reviewDecision,
    success: { status: 200, description: "The profile after the decision", data: named.reviewRecord },
    errors: [400, 401, 403, 404, 409, 413, 415, 429, 500],
  },
  {
    method: "GET",
    path: "/openapi.json",
    auth: "none",
    operationId: "getOpenApiDocument",
    summary: "This document",
    success: {
      status: 200,
      description: "The OpenAPI 3.1 document",
      data: z.record(z.string(), z.unknown()),
    },
    // API Gateway's stage throttling applies to public routes too.
    errors: [429, 500],
  },
];

/** `{clientId}` stays `{clientId}`: OpenAPI and API Gateway share the path template syntax. */
function registerRoute(registry: OpenAPIRegistry, route: ApiRoute, errorRef: z.ZodType): void {
  const json = (schema: z.ZodType) => ({ "application/json": { schema } });
  const responses: Record<string, ResponseConfig> = {
    [route.success.status]: {
      description: route.success.description,
      content: json(
        route.path === "/openapi.json" ? route.success.data : successEnvelope(route.success.data),
      ),
    },
  };
  if (route.alsoSucceeds !== undefined) {
    responses[route.alsoSucceeds.status] = {
      description: route.alsoSucceeds.description,
      content: json(successEnvelope(named.profileSummary)),
    };
  }
  for (const status of route.errors) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      ...(status === 429
        ? {
            headers: {
              "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } },
            },
          }
        : {}),
      content: json(errorRef),
    };
  }
  registry.registerPath({
    method: route.method.toLowerCase() as "get" | "post" | "put" | "delete",
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.auth === "none" ? "public" : route.auth === "status" ? "business" : route.auth],
    security: route.auth === "none" ? [] : [{ [`${route.auth}Key`]: [] }],
    request: {
      ...(route.params === undefined ? {} : { params: route.params }),
      ...(route.query === undefined ? {} : { query: route.query }),
      ...(route.body === undefined ? {} : { body: { required: true, content: json(route.body) } }),
    },
    responses,
  });
}

/** The document (deterministic: the committed `openapi.json` is compared to it). */
export function openApiDocument(): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  const errorRef = named.error;
  registry.register("CheckCode", checkCode);
  for (const scope of ["intake", "status", "review"] as const) {
    registry.registerComponent("securitySchemes", `${scope}Key`, {
      type: "apiKey",
      in: "header",
      name: "Authorization",
      description: `An API key with the \`${scope}\` scope: the raw key, or \`Bearer <key>\``,
    });
  }
  for (const route of API_ROUTES) registerRoute(registry, route, errorRef);

  const generated = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "kyc-attest API",
      version: BUSINESS_API_VERSION,
      description:
        "Intake API for identity providers, the Blockpass-compatible business status API and the customer review API (payg and self-managed services remediate their own profiles). Services with on-chain KYC (managed plans) never receive personal data.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [
      {
        url: "https://{apiId}.execute-api.{region}.amazonaws.com/{stage}",
        description: "A deployed stage (API Gateway REST API)",
        variables: {
          apiId: { default: "abcdef1234", description: "The REST API id (stack output)" },
          region: { default: "eu-central-1", description: "The AWS region deployed to" },
          // API Gateway's stage name (infra/stateless/rest-api.ts API_STAGE_NAME), not the deployment's name.
          stage: { default: "v1", enum: ["v1"] },
        },
      },
      { url: "http://127.0.0.1:3000", description: "The local API of `npm start`" },
    ],
    tags: [
      { name: "intake", description: "Identity providers (intake keys)" },
      { name: "business", description: "Businesses (status keys), Blockpass KYC Connect compatible" },
      {
        name: "review",
        description:
          "Customer review (review keys): payg and self-managed services decide the profiles the bots leave for review; refused on managed plans",
      },
      { name: "public", description: "No key" },
    ],
  });
  return JSON.parse(JSON.stringify(generated)) as Record<string, unknown>;
}
