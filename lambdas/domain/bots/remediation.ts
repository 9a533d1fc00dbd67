/**
 * User-facing text for each machine reason code: what went wrong and what to do. Messages for
 * blocks stay generic on purpose (no AML or fraud details to the user).
 */
export const REMEDIATION_MESSAGES: Readonly<Record<string, string>> = {
  ALL_CLEAR: "Your identity verification is approved.",
  DOC_IMAGE_QUALITY:
    "The photo of your identity document is blurry, cropped or has glare. Take a new photo of the whole document in good light and resubmit.",
  DOC_EXPIRED: "Your identity document has expired. Resubmit with a valid, unexpired document.",
  DOC_NAME_MISMATCH:
    "The name on your identity document does not match the name in your profile. Correct your name to match the document exactly and resubmit.",
  DOC_DATA_INCONSISTENT:
    "The details in your profile (such as date of birth or document number) do not match your identity document. Correct them and resubmit.",
  DOC_UNSUPPORTED:
    "This type of document is not accepted. Resubmit with a passport or a government-issued national ID card.",
  SELFIE_QUALITY:
    "Your selfie is too dark, blurry or partly hidden. Take a new selfie facing the camera in good light, without glasses or a hat, and resubmit.",
  FACE_MISMATCH:
    "Your selfie could not be matched with the photo on your identity document. Take a new, clear selfie and resubmit with the same document.",
  LIVENESS_FAILED:
    "The liveness check did not succeed. Retake the selfie video yourself, following the on-screen instructions, and resubmit.",
  POA_EXPIRED:
    "Your proof of address is too old. Resubmit a utility bill or bank statement issued within the last 3 months.",
  POA_UNREADABLE:
    "Your proof of address cannot be read. Resubmit a clear, complete copy showing your name, address and the issue date.",
  POA_NAME_MISMATCH:
    "The name on your proof of address does not match your profile. Resubmit a document issued in your name.",
  GEO_MISMATCH: "Your location could not be confirmed. Contact support if you believe this is a mistake.",
  CRYPTO_ADDRESS_UNVERIFIED:
    "Ownership of your wallet address could not be verified. Sign the verification message with the same wallet and resubmit.",
  SUBMISSION_LIMIT:
    "Your profile has been rejected too many times and cannot be resubmitted. Contact support for help.",
};

const BLOCKED_MESSAGE =
  "Your identity verification cannot be approved. If you believe this is a mistake, contact support.";
const REVIEW_MESSAGE = "Your profile is being reviewed by our team. You will be notified of the result.";
// On pay-as-you-go and self-managed plans the business itself remediates (operators are refused),
// so the user must not be told "our team" is looking at it.
const CUSTOMER_REVIEW_MESSAGE =
  "Your profile is waiting for a manual review by the service you applied to. You will be notified of the result.";

/** Who makes the manual decision on a profile the bots leave for review. */
export type ManualReviewer = "operator" | "customer";
const APPROVED_MESSAGE = "Your identity verification is approved.";
const GENERIC_REJECT_MESSAGE = "Your profile needs changes. Please check your documents and resubmit.";

/** The message for a decision: one sentence per distinct reason for rejections, generic otherwise. */
export function remediationMessageFor(
  action: "approve" | "reject" | "block" | "review",
  reasonCodes: readonly string[],
  reviewer: ManualReviewer = "operator",
): string {
  switch (action) {
    case "approve":
      return APPROVED_MESSAGE;
    case "review":
      return reviewer === "customer" ? CUSTOMER_REVIEW_MESSAGE : REVIEW_MESSAGE;
    case "block":
      return reasonCodes.includes("SUBMISSION_LIMIT")
        ? (REMEDIATION_MESSAGES.SUBMISSION_LIMIT ?? BLOCKED_MESSAGE)
        : BLOCKED_MESSAGE;
    case "reject": {
      const lines = [...new Set(reasonCodes)]
        .map((code) => REMEDIATION_MESSAGES[code])
        .filter((m): m is string => m !== undefined);
      return lines.length > 0 ? lines.join(" ") : GENERIC_REJECT_MESSAGE;
    }
  }
}
