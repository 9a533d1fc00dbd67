import "./zod-openapi-extension.js";
import { getAddress, ZeroAddress } from "ethers";
import { z } from "zod";
import { CERTIFICATE_NAMES, CERTIFICATE_STATUSES } from "../domain/certificates.js";
import { DOCUMENT_TYPES } from "../domain/profile.js";
import { toAlpha2 } from "../domain/country-codes.js";

/** Bodies above this size are refused with 413 before parsing. */
export const MAX_INTAKE_BODY_BYTES = 64 * 1024;

/** refIds and clientIds end up inside DynamoDB keys (`#` separated) and URL paths. */
export const REF_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * ISO 3166-1 alpha-2 (`DE`) or alpha-3 (`DEU`, as in passports' machine-readable zone and most
 * identity providers), upper case; stored and answered as alpha-2.
 */
const countryCode = z.string().transform((value, context) => {
  const alpha2 = /^[A-Z]{2,3}$/.test(value) ? toAlpha2(value) : undefined;
  if (alpha2 !== undefined) return alpha2;
  context.addIssue({ code: "custom", message: "must be an ISO 3166-1 alpha-2 or alpha-3 country code" });
  return z.NEVER;
});

/** Letters of any script, combining marks, spaces, apostrophes, hyphens and dots. */
const personName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{M}][\p{L}\p{M}' ’.-]*$/u, "must contain letters only");

const dateOfBirth = z.iso.date().refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= 1900 && Date.parse(value) <= Date.now();
}, "must be a past date after 1900");

/**
 * EIP-55 checksummed on the way in; a wrong mixed-case checksum is rejected. The zero address is refused
 * here because the registry refuses it (`KycRegistryZeroAddress`): taken in, it would be approved and
 * then fail on chain, far from the identity provider that sent it.
 */
const walletAddress = z.string().transform((value, context) => {
  let address: string;
  try {
    address = getAddress(value);
  } catch {
    context.addIssue({ code: "custom", message: "must be an Ethereum address with a valid checksum" });
    return z.NEVER;
  }
  if (address === ZeroAddress) {
    context.addIssue({ code: "custom", message: "must not be the zero address (the registry refuses it)" });
    return z.NEVER;
  }
  return address;
});

const identityDocument = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  number: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 .-]*$/, "must contain letters, digits, spaces, dots or dashes"),
  country: countryCode,
});

export const intakeProfileBody = z.strictObject({
  refId: z.string().regex(REF_ID_PATTERN, "must be 1-128 letters, digits or . _ : @ -"),
  wallet: walletAddress,
  identity: z.strictObject({
    givenName: personName,
    familyName: personName,
    dob: dateOfBirth,
    nationality: countryCode,
    /** The user's own address for status e-mails (docs/notifications.md); optional. */
    email: z.email().max(254).optional(),
  }),
  documents: z.array(identityDocument).max(5),
  ipCountry: countryCode.optional(),
});
export type IntakeProfileBody = z.output<typeof intakeProfileBody>;

const amlHit = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** Watch lists often know only the year of birth. */
  dob: z.union([z.iso.date(), z.string().regex(/^\d{4}$/, "must be YYYY or YYYY-MM-DD")]).optional(),
  country: countryCode.optional(),
  categories: z.array(z.string().min(1).max(64)).max(20),
});

const certificate = z.strictObject({
  name: z.enum(CERTIFICATE_NAMES).openapi("CertificateName", { example: "identity-document" }),
  status: z.enum(CERTIFICATE_STATUSES).openapi("CertificateStatus", { example: "CONSIDER" }),
  checks: z
    .array(
      z.strictObject({
        // Unknown codes are accepted (and left for manual review), but they must look like codes.
        code: z
          .string()
          .regex(/^[A-Z][A-Z0-9_]{0,63}$/, "must be an upper-case check code")
          .openapi({
            description:
              "A known `CheckCode`, or an unknown upper-case code (the profile then waits for manual review)",
            example: "DOC_IMAGE_QUALITY",
            anyOf: [{ $ref: "#/components/schemas/CheckCode" }, { type: "string" }],
          }),
        detail: z.string().max(500).optional(),
      }),
    )
    .max(50),
  aml: z.strictObject({ hits: z.array(amlHit).max(100) }).optional(),
});

export const intakeCertificatesBody = z.strictObject({
  certificates: z
    .array(certificate)
    .min(1)
    .max(CERTIFICATE_NAMES.length)
    .refine(
      (certificates) => new Set(certificates.map((c) => c.name)).size === certificates.length,
      "must not name a certificate twice",
    ),
});
export type IntakeCertificatesBody = z.output<typeof intakeCertificatesBody>;

/** `identity.dob: Invalid ISO date` — the failing field path and why, for a 400 message. */
export function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "Invalid input";
  const path = issue.path.map(String).join(".");
  return path === "" ? `Invalid input: ${issue.message}` : `Invalid ${path}: ${issue.message}`;
}
