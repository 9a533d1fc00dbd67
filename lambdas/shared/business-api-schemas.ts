import "./zod-openapi-extension.js";
import { z } from "zod";
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, MAX_PAGE_SKIP } from "../domain/business-api/paging.js";
import { PROFILE_STATUSES } from "../domain/profile.js";
import { CLIENT_ID_PATTERN, REF_ID_PATTERN } from "./intake-schemas.js";

/**
 * The business status API's schemas: the handlers validate with them and `openApiDocument()` turns
 * the same schemas into the OpenAPI 3.1 document (`npm run openapi`, `GET /openapi.json`).
 */
export const BUSINESS_API_PREFIX = "/kyc/1.0/connect/{clientId}";
/** The document's `info.version`: the paths' `1.0` plus this implementation's revision. */
export const BUSINESS_API_VERSION = "1.0.0";
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const clientId = z
  .string()
  .regex(CLIENT_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'")
  .meta({ description: "The service (Blockpass: client) id", example: "acme" });
const refId = z
  .string()
  .regex(REF_ID_PATTERN, "must be 1-128 letters, digits or . _ : @ -")
  .meta({ description: "The business's own reference for its user", example: "user-1" });
const recordId = z.string().regex(RECORD_ID_PATTERN, "must be 1-64 letters, digits, '_' or '-'").meta({
  description: "The record id this service assigned to the profile",
  example: "5f1c2a9b8e7d6c5b4a392817",
});

export const refIdPath = z.strictObject({ clientId, refId });
export const onchainPath = z.strictObject({ clientId });
export const recordIdPath = z.strictObject({ clientId, recordId });
export const applicantsPath = z.strictObject({ clientId });
/**
 * Status names a listing filters by: this service's statuses plus Blockpass's `review_requested`,
 * which no profile here is ever in (a user asked to change something is `rejected`), so it lists
 * nothing rather than being refused.
 */
export const LISTING_STATUSES = [...PROFILE_STATUSES, "review_requested"] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];
const listingStatus = z.enum(LISTING_STATUSES, {
  error: `must be one of ${LISTING_STATUSES.join(", ")}`,
});

export const applicantsByStatusPath = z.strictObject({
  clientId,
  status: listingStatus.meta({ description: "Only profiles in this status" }),
});

/**
 * `?status=` on `/applicants`: Blockpass documents the status as a path segment, but a client that
 * sends it as a query parameter gets the filtered listing it asked for; an unknown value is a 400,
 * never the unfiltered listing.
 */
export const statusQuery = z.object({
  status: listingStatus
    .optional()
    .meta({ description: "Same as the `/applicants/{status}` path segment (not both)" }),
});

/** A non-negative decimal integer in a query string ("", "1.5", "1e3" and " 2" are refused). */
const queryInteger = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(
      z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`),
    )
    .optional()
    .transform((value) => value ?? fallback);

export const pagingQuery = z.object({
  skip: queryInteger("skip", 0, MAX_PAGE_SKIP, 0).meta({
    description: `Records to skip (0-${MAX_PAGE_SKIP})`,
  }),
  limit: queryInteger("limit", 1, MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT).meta({
    description: `Records to return (1-${MAX_PAGE_LIMIT}, default ${DEFAULT_PAGE_LIMIT})`,
  }),
});

const isoTime = z.iso.datetime().nullable();

export const onchainRecord = z
  .object({
    chainId: z.number().int(),
    registry: z.string().meta({ description: "KycRegistry contract address" }),
    serviceId: z.string().meta({ description: "The registry's service id" }),
    wallet: z.string().meta({ description: "The flagged wallet (EIP-55)" }),
    verifiedUntil: z
      .number()
      .int()
      .meta({ description: "Flag expiry, seconds since the epoch; 0 once revoked" }),
    txHash: z.string().meta({ description: "The transaction that last set or revoked the flag" }),
  })
  .meta({ id: "OnchainRecord", description: "The profile's flag on the registry, as last confirmed" });

const blockpassAttribute = (description: string) =>
  z.object({ type: z.literal("string"), value: z.string() }).meta({ description });

export const blockpassIdentities = z
  .object({
    given_name: blockpassAttribute("Given name"),
    family_name: blockpassAttribute("Family name"),
    dob: blockpassAttribute("Date of birth, MM/DD/YYYY (Blockpass's form)"),
    nationality: blockpassAttribute("Nationality, ISO 3166-1 country code"),
  })
  .meta({
    id: "Identities",
    description:
      "Blockpass's `identities` form. Only for `status+identity` keys of payg and self-managed services; absent on managed plans (on-chain KYC) whatever the key, and once archived or erased",
  });

export const certs = z
  .object({
    member_check_cert: z.string().optional().meta({
      description:
        "The AML screening in Blockpass's member-check form, as a JSON string: `Claim.reviewBody`, `Claim._customFields.report.matchedNumber` and `.matchedEntities[]` (`firstName`, `middleName`, `lastName`, `matchRate`, `dob`, `category`, `primaryLocation`, `matchedFields`). Absent when no AML certificate is held: absence is NOT a clear screening (read `status` and `reasonCodes`)",
    }),
  })
  .meta({
    id: "Certs",
    description: "Certificates (Blockpass `certs`); same visibility as `identities`",
  });

export const statusRecord = z
  .object({
    refId: z.string(),
    recordId: z.string(),
    status: z.enum(PROFILE_STATUSES),
    submitCount: z.number().int().min(1),
    isArchived: z.boolean(),
    waitingDate: isoTime,
    inreviewDate: isoTime,
    approvedDate: isoTime,
    rejectedDate: isoTime,
    blockedDate: isoTime,
    willArchiveAtDate: isoTime.meta({
      description:
        "When personal data is archived: single-event services one month after the event end, ongoing services two months after the last status change; null once archived or erased",
    }),
    blockPassID: z.null().meta({
      description: "Blockpass's cross-service user id; this service has none, so always null",
    }),
    customFields: z
      .object({})
      .meta({ description: "Blockpass's operator-defined fields; this service defines none" }),
    reasonCodes: z.array(z.string()).meta({
      description:
        "Machine reason codes of the last status change (e.g. AML_MATCH, DUPLICATE, SUBMISSION_LIMIT, ALL_CLEAR): the decision without personal data, for every key and plan; empty for records older than this field",
      example: ["AML_MATCH"],
    }),
    onchain: onchainRecord.nullable(),
    identities: blockpassIdentities.optional(),
    certs: certs.optional(),
    certificates: certs.optional().meta({
      description:
        "The same object as `certs` (Blockpass's published AML-remediation script reads this name)",
    }),
  })
  .meta({
    id: "StatusRecord",
    description:
      "A profile's KYC status in Blockpass's record form. Personal data (`identities`, `certs`) only for `status+identity` keys on plans without on-chain KYC",
  });

export const applicantsPage = z
  .object({
    records: z.array(statusRecord),
    total: z.number().int().min(0),
    skip: z.number().int().min(0),
    limit: z.number().int().min(1).max(MAX_PAGE_LIMIT),
  })
  .meta({ id: "ApplicantsPage" });

export const successEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ status: z.literal("success"), data });

export const errorEnvelope = z
  .object({
    status: z.literal("error"),
    code: z.number().int(),
    message: z.string(),
  })
  .meta({ id: "Error" });

/** `POST /refId/{refId}/archive` (lambdas/handlers/status-archive.ts): what it answers. */
export const archiveResult = z
  .object({
    refId: z.string(),
    recordId: z.string(),
    status: z.enum(PROFILE_STATUSES),
    submitCount: z.number().int().min(1),
    isArchived: z.boolean().meta({ description: "true once archived (archiving again answers the same)" }),
  })
  .meta({ id: "ArchiveResult" });

export type StatusRecord = z.infer<typeof statusRecord>;
export type ApplicantsPage = z.infer<typeof applicantsPage>;

/** `GET .../onchain`: where this service's flags live and the salt of its refKeys. */
export const onchainCoordinates = z.object({
  chainId: z.number().int().positive().meta({ example: 8453 }),
  registry: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/)
    .meta({ description: "The KycRegistry contract", example: "0x5FbDB2315678afecb367f032d93F642f64180aa3" }),
  serviceId: z
    .string()
    .regex(/^[0-9]+$/)
    .meta({ description: "The registry's service id (uint256)", example: "1" }),
  salt: z
    .string()
    .regex(/^0x[0-9a-f]{64}$/)
    .meta({
      description:
        "bytes32 salt of this service's refKeys. Secret to the business: anyone holding it can test guessed refIds against the flags",
      example: `0x${"ab".repeat(32)}`,
    }),
  refKeyFormula: z
    .literal("keccak256(abi.encode(bytes32 salt, string refId))")
    .meta({ description: "How a refKey is computed from the salt and a refId" }),
});
