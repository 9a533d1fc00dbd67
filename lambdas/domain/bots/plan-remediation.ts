import type { Plan } from "../service.js";
import { REMEDIATION_MESSAGES } from "./remediation.js";

/**
 * How much a rejected user is told, by plan (the reference's support matrix, "Users" rows):
 * - `articles`: basic and priority support (pay-as-you-go, self-managed): a generic notice and the
 *   help articles on what failed ("basic instructions ... (share articles)");
 * - `general-advice`: managed: general advice on what to update, by topic, without the exact reason;
 * - `exact-reason`: managed with a dedicated operator: the exact reason for each failed check and
 *   the guide to resubmit ("detailed instructions").
 */
export type RejectionGuidance = "articles" | "general-advice" | "exact-reason";

export const REJECTION_GUIDANCE: Readonly<Record<Plan, RejectionGuidance>> = {
  payg: "articles",
  "self-managed": "articles",
  managed: "general-advice",
  "managed-dedicated": "exact-reason",
};

/** What a rejection is about, at the level of detail general advice and help articles use. */
export type RemediationTopic = "identity-document" | "selfie" | "proof-of-address" | "wallet" | "location";

const TOPIC_OF_PREFIX: readonly [string, RemediationTopic][] = [
  ["DOC_", "identity-document"],
  ["SELFIE_", "selfie"],
  ["FACE_", "selfie"],
  ["LIVENESS_", "selfie"],
  ["POA_", "proof-of-address"],
  ["CRYPTO_", "wallet"],
  ["GEO_", "location"],
];

const GENERAL_ADVICE: Readonly<Record<RemediationTopic, string>> = {
  "identity-document":
    "Check your identity document: use a valid passport or national ID card, photographed whole and readable, and make your profile details match it.",
  selfie:
    "Check your selfie: take it yourself, facing the camera in good light, with your face fully visible.",
  "proof-of-address":
    "Check your proof of address: a recent utility bill or bank statement in your name, complete and readable.",
  wallet: "Check your wallet: prove ownership by signing with the same wallet you registered.",
  location: "Check your location details: they must match where you are and your documents.",
};

/** Help-centre articles, as paths under the deployment's help-centre URL. */
export interface HelpArticle {
  title: string;
  path: string;
}

const RESUBMIT_ARTICLE: HelpArticle = {
  title: "How to update and resubmit your profile",
  path: "resubmit-profile",
};
const TOPIC_ARTICLES: Readonly<Record<RemediationTopic, HelpArticle>> = {
  "identity-document": {
    title: "Taking a good photo of your identity document",
    path: "identity-document-photo",
  },
  selfie: { title: "Taking a selfie that passes the checks", path: "selfie-and-liveness" },
  "proof-of-address": { title: "Which proofs of address are accepted", path: "proof-of-address" },
  wallet: { title: "Proving you own your wallet", path: "wallet-ownership" },
  location: { title: "Why we check your location", path: "location-checks" },
};

const GENERIC_REJECTION =
  "Your profile needs changes before it can be approved. Please update it and resubmit.";

/** The steps to resubmit, given to users of the dedicated plan with the exact reasons. */
export const RESUBMIT_STEPS: readonly string[] = [
  "Open the application you verified with and go to your identity profile.",
  "Fix each point listed above (retake photos or correct your details as described).",
  "Submit your profile again; you will receive an e-mail with the new result.",
];

/** The rejection notice's content, independent of wording templates and language. */
export interface RejectionNotice {
  guidance: RejectionGuidance;
  /** The notice's opening sentence. */
  summary: string;
  /** One line per point to fix: exact reasons (dedicated) or general advice by topic (managed). */
  points: string[];
  articles: HelpArticle[];
  /** The resubmission guide (dedicated operator plan only). */
  resubmitSteps: string[];
}

export function remediationTopicOf(reasonCode: string): RemediationTopic | null {
  return TOPIC_OF_PREFIX.find(([prefix]) => reasonCode.startsWith(prefix))?.[1] ?? null;
}

function topicsOf(reasonCodes: readonly string[]): RemediationTopic[] {
  return [...new Set(reasonCodes.map(remediationTopicOf).filter((t): t is RemediationTopic => t !== null))];
}

/** What a user whose profile was rejected on `plan` for `reasonCodes` is told. */
export function rejectionNoticeFor(plan: Plan, reasonCodes: readonly string[]): RejectionNotice {
  const guidance = REJECTION_GUIDANCE[plan];
  const topics = topicsOf(reasonCodes);
  switch (guidance) {
    case "articles":
      return {
        guidance,
        summary: GENERIC_REJECTION,
        points: [],
        articles: [...topics.map((topic) => TOPIC_ARTICLES[topic]), RESUBMIT_ARTICLE],
        resubmitSteps: [],
      };
    case "general-advice":
      return {
        guidance,
        summary: GENERIC_REJECTION,
        points: topics.map((topic) => GENERAL_ADVICE[topic]),
        articles: [],
        resubmitSteps: [],
      };
    case "exact-reason": {
      const exact = [...new Set(reasonCodes)]
        .map((code) => REMEDIATION_MESSAGES[code])
        .filter((m): m is string => m !== undefined);
      return {
        guidance,
        summary: "Your profile was not approved for the reasons below. Fix them and resubmit.",
        points: exact.length > 0 ? exact : [GENERIC_REJECTION],
        articles: [],
        resubmitSteps: [...RESUBMIT_STEPS],
      };
    }
  }
}
