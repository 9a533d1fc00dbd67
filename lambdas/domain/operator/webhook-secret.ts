import { ConflictError } from "../errors.js";
import type { ServiceAuditTrail, ServiceRepository } from "../ports.js";
import type { Service } from "../service.js";
import { operatorAuditEntry } from "../service-audit.js";
import { loadService } from "../use-cases/load.js";
import {
  activeGenerations,
  LEGACY_SIGNATURE_FORMAT,
  rotatedSecretState,
  type WebhookSignatureFormat,
} from "../webhooks/webhook-secret-generations.js";

/** Each service's webhook signing secret per generation, derived from the deployment's key (an adapter holds it). */
export interface WebhookSecrets {
  secretFor(clientId: string, generation?: number): string;
}

const SIGNATURE_DESCRIPTIONS: Readonly<Record<WebhookSignatureFormat, string>> = {
  hex: "<hex HMAC-SHA-256 of the raw body, keyed with the secret>",
  "sha256=": "sha256=<hex HMAC-SHA-256 of the raw body, keyed with the secret>",
};

/** What the operator hands the business so it can verify the webhooks it receives. */
export interface IssuedWebhookSecret {
  url: string;
  /** The current generation's secret (64 hex characters). */
  secret: string;
  /** The same key in the form Standard Webhooks libraries take (`whsec_` + base64 of the secret's bytes). */
  standardWebhooksSecret: string;
  generation: number;
  signatureHeader: "X-Hub-Signature";
  signature: string;
  /** During a rotation's overlap: when the previous secret stops signing. */
  previousSecretSignsUntil: string | null;
}

function issued(
  service: Service & { webhookUrl: string },
  secrets: WebhookSecrets,
  at: string,
): IssuedWebhookSecret {
  const { current, previous } = activeGenerations(service.webhookSecret, at);
  const secret = secrets.secretFor(service.clientId, current);
  return {
    url: service.webhookUrl,
    secret,
    standardWebhooksSecret: `whsec_${Buffer.from(secret, "utf8").toString("base64")}`,
    generation: current,
    signatureHeader: "X-Hub-Signature",
    signature: SIGNATURE_DESCRIPTIONS[service.webhookSignatureFormat ?? LEGACY_SIGNATURE_FORMAT],
    previousSecretSignsUntil: previous === null ? null : (service.webhookSecret?.previous?.until ?? null),
  };
}

function withWebhookUrl(service: Service): Service & { webhookUrl: string } {
  const webhookUrl = service.webhookUrl;
  if (webhookUrl === undefined) {
    throw new ConflictError(`service ${service.clientId} has no webhook URL: no webhooks are signed for it`, {
      context: { clientId: service.clientId },
    });
  }
  return { ...service, webhookUrl };
}

/**
 * Moves one service's webhook secret to its next generation (no other service's secret changes)
 * and returns the new secret to hand to the business. For `overlapSeconds` the previous secret keeps
 * signing too (a second `webhook-signature` entry), so receivers switch without missing a delivery.
 * The new state and the audit entry (WEBHOOK_SECRET_ROTATED, naming the operator) are written in one
 * transaction before the secret is released.
 */
export async function rotateWebhookSecret(
  deps: { services: ServiceRepository & ServiceAuditTrail; webhookSecrets: () => WebhookSecrets },
  input: { clientId: string; operator: string; at: string; overlapSeconds: number },
): Promise<IssuedWebhookSecret> {
  const service = withWebhookUrl(await loadService(deps.services, input.clientId));
  const webhookSecret = rotatedSecretState(service.webhookSecret, input.at, input.overlapSeconds);
  const rotated = { ...service, webhookSecret };
  await deps.services.put(
    rotated,
    operatorAuditEntry({
      clientId: service.clientId,
      action: "WEBHOOK_SECRET_ROTATED",
      operator: input.operator,
      at: input.at,
      details: {
        generation: String(webhookSecret.generation),
        previousSignsUntil: webhookSecret.previous?.until ?? input.at,
      },
    }),
  );
  return issued(rotated, deps.webhookSecrets(), input.at);
}

/**
 * Gives an operator a service's webhook secret to hand to the business: operators are entitled to it, as
 * they onboard businesses (never to the deployment key it derives from). It is derived, not stored, so it
 * can be given again when a business loses it; every time is audited (WEBHOOK_SECRET_ISSUED, naming the
 * operator) before the secret is released. Refused for a service without a webhook URL: nothing is signed.
 */
export async function issueWebhookSecret(
  deps: { services: ServiceRepository & ServiceAuditTrail; webhookSecrets: () => WebhookSecrets },
  input: { clientId: string; operator: string; at: string },
): Promise<IssuedWebhookSecret> {
  const service = withWebhookUrl(await loadService(deps.services, input.clientId));
  const answer = issued(service, deps.webhookSecrets(), input.at);
  await deps.services.recordAudit(
    operatorAuditEntry({
      clientId: service.clientId,
      action: "WEBHOOK_SECRET_ISSUED",
      operator: input.operator,
      at: input.at,
      details: { webhookUrl: service.webhookUrl, generation: String(answer.generation) },
    }),
  );
  return answer;
}
