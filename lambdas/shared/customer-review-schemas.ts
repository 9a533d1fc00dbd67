import "./zod-openapi-extension.js";
import { z } from "zod";
import { CERTIFICATE_NAMES, CERTIFICATE_STATUSES } from "../domain/certificates.js";
import { MAX_PAGE_LIMIT } from "../domain/business-api/paging.js";
import {
  CUSTOMER_ACTIONS,
  MAX_REASON_LENGTH,
  MAX_REMEDIATION_LENGTH,
} from "../domain/customer-review/customer-decision.js";
import { DOCUMENT_TYPES } from "../domain/profile.js";
import { BUSINESS_API_PREFIX, statusRecord } from "./business-api-schemas.js";

/**
 * The customer review API's schemas (payg and self-managed services remediate their own profiles
 * with a `review` key): the handlers validate with them, and the OpenAPI document is built from them.
 */
export const REVIEW_API_PREFIX = `${BUSINESS_API_PREFIX}/review`;

/** The most a decision body may weigh: two texts and a few fields. */
export const MAX_DECISION_BODY_BYTES = 8 * 1024;

const reviewCertificate = z
  .object({
    name: z.enum(CERTIFICATE_NAMES),
    status: z.enum(CERTIFICATE_STATUSES),
    checks: z.array(z.object({ code: z.string(), detail: z.string().optional() })),
    amlHits: z
      .array(
        z.object({
          name: z.string(),
          dob: z.string().optional(),
          country: z.string().optional(),
          categories: z.array(z.string()),
        }),
      )
      .meta({ description: "The AML screening's watch-list hits as the provider reported them" }),
  })
  .meta({ id: "ReviewCertificate", description: "One certificate: result, checks and AML hits" });

export const reviewRecord = statusRecord
  .extend({
    version: z.number().int().min(1).meta({
      description: "The profile's version: send it with a decision, which applies only if it is unchanged",
      example: 3,
    }),
    wallet: z.string().meta({ description: "The user's wallet (EIP-55)" }),
    documents: z.array(z.object({ type: z.enum(DOCUMENT_TYPES), number: z.string(), country: z.string() })),
    ipCountry: z.string().nullable(),
    reviewCertificates: z.array(reviewCertificate),
  })
  .meta({
    id: "ReviewRecord",
    description:
      "A profile as the customer's reviewer sees it (payg and self-managed only): the status record with identities and AML cert, the version to decide on, wallet, documents and every certificate's checks and hits",
  });

export const reviewPage = z
  .object({
    records: z.array(reviewRecord),
    total: z.number().int().min(0).meta({ description: "Profiles waiting for review or in review" }),
    skip: z.number().int().min(0),
    limit: z.number().int().min(1).max(MAX_PAGE_LIMIT),
  })
  .meta({ id: "ReviewPage" });

export const decisionBody = z
  .strictObject({
    action: z.enum(CUSTOMER_ACTIONS).meta({ example: "reject" }),
    reason: z.string().trim().min(1, "must not be empty").max(MAX_REASON_LENGTH).meta({
      description: "Why (kept in the audit trail, never sent to the user)",
      example: "selfie too dark",
    }),
    remediation: z.string().trim().max(MAX_REMEDIATION_LENGTH).optional().meta({
      description:
        "What the user is told; required to reject (what to fix), optional to approve or block (a standard text otherwise)",
      example: "Take a new selfie in good light, facing the camera, and resubmit.",
    }),
    version: z.number().int().min(1).meta({
      description: "The `version` of the record the decision was made on (409 if the profile changed since)",
      example: 3,
    }),
  })
  .meta({ id: "ReviewDecision" });
export type DecisionBody = z.output<typeof decisionBody>;
