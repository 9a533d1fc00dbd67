import { ConflictError } from "../errors.js";
import type { ServiceAuditTrail, ServiceRepository } from "../ports.js";
import { operatorAuditEntry } from "../service-audit.js";
import { loadService } from "../use-cases/load.js";

/** Each service's webhook signing secret, derived from the deployment's key (an adapter holds it). */
export interface WebhookSecrets {
  secretFor(clientId: string): string;
}

/** What the operator hands the business so it can verify the webhooks it receives. */
export interface IssuedWebhookSecret {
  url: string;
  secret: string;
  signatureHeader: "X-Hub-Signature";
  signature: "sha256=<hex HMAC-SHA-256 of the raw body, keyed with the secret>";
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
  const service = await loadService(deps.services, input.clientId);
  if (service.webhookUrl === undefined) {
    throw new ConflictError(`service ${input.clientId} has no webhook URL: no webhooks are signed for it`, {
      context: { clientId: input.clientId },
    });
  }
  const secret = deps.webhookSecrets().secretFor(service.clientId);
  await deps.services.recordAudit(
    operatorAuditEntry({
      clientId: service.clientId,
      action: "WEBHOOK_SECRET_ISSUED",
      operator: input.operator,
      at: input.at,
      details: { webhookUrl: service.webhookUrl },
    }),
  );
  return {
    url: service.webhookUrl,
    secret,
    signatureHeader: "X-Hub-Signature",
    signature: "sha256=<hex HMAC-SHA-256 of the raw body, keyed with the secret>",
  };
}
