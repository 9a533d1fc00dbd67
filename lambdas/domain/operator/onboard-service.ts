import { ConflictError, NotEntitledError, ValidationError } from "../errors.js";
import type { ServiceRepository } from "../ports.js";
import { operatorAuditEntry, type ServiceAuditAction } from "../service-audit.js";
import {
  createService,
  entitlementsOf,
  type BotPolicyName,
  type CustomPolicy,
  type FullNameMatchRule,
  type Plan,
  type RetentionMode,
  type Service,
} from "../service.js";
import type { RegisteredService, RegistryAdmin } from "./registry-admin.js";

export interface OnboardServiceInput {
  clientId: string;
  name: string;
  plan: Plan;
  botPolicy?: BotPolicyName;
  customPolicy?: CustomPolicy;
  retention?: RetentionMode;
  advancedBotEnabled?: boolean;
  /** How a 100% AML name match is decided (absent: blocked, the reference's rule). */
  amlFullNameMatch?: FullNameMatchRule;
  /** Where status-change webhooks go (https). */
  webhookUrl?: string;
  /** Attach an existing registry service instead of creating one (e.g. the local stack's). */
  onchainServiceId?: string;
  /** Who acts: written into the service's audit trail. */
  operator: string;
  at: string;
}

export interface OnboardServiceResult {
  service: Service;
  /** The registry service created by this call; null when attached, resumed without one, or off-chain. */
  registered: RegisteredService | null;
}

export interface OnboardServiceDeps {
  services: ServiceRepository;
  /** Created lazily: off-chain plans never touch the chain. */
  registry: () => RegistryAdmin;
}

const PAGE = 100;

/**
 * Creates a service and, on plans with on-chain KYC, registers it on the registry with the
 * pipeline's attester, storing the registry's service id on it. The service is stored before the
 * chain call, so a call interrupted after that point is resumed by repeating it: a stored service
 * still waiting for its registry id is registered, one that has it is a conflict. Each write carries
 * its audit entry (SERVICE_CREATED, SERVICE_REGISTERED) naming the operator, in the same transaction.
 */
export async function onboardService(
  deps: OnboardServiceDeps,
  input: OnboardServiceInput,
): Promise<OnboardServiceResult> {
  const existing = await deps.services.get(input.clientId);
  const onchain = entitlementsOf({
    plan: input.plan,
    advancedBotEnabled: input.advancedBotEnabled ?? false,
  }).onchainKyc;
  if (input.onchainServiceId !== undefined && !onchain) {
    throw new NotEntitledError(`the ${input.plan} plan has no on-chain KYC: no registry service to attach`, {
      context: { clientId: input.clientId, plan: input.plan },
    });
  }
  if (existing !== null && (existing.onchainServiceId !== null || !entitlementsOf(existing).onchainKyc)) {
    throw new ConflictError(`service ${input.clientId} already exists`, {
      context: { clientId: input.clientId },
    });
  }
  if (input.onchainServiceId !== undefined) await requireUnattached(deps.services, input);

  let service =
    existing ??
    createService({
      clientId: input.clientId,
      name: input.name,
      plan: input.plan,
      createdAt: input.at,
      ...(input.botPolicy === undefined ? {} : { botPolicy: input.botPolicy }),
      ...(input.customPolicy === undefined ? {} : { customPolicy: input.customPolicy }),
      ...(input.retention === undefined ? {} : { retention: input.retention }),
      ...(input.advancedBotEnabled === undefined ? {} : { advancedBotEnabled: input.advancedBotEnabled }),
      ...(input.webhookUrl === undefined ? {} : { webhookUrl: input.webhookUrl }),
      ...(input.amlFullNameMatch === undefined ? {} : { amlFullNameMatch: input.amlFullNameMatch }),
    });
  const audit = (action: ServiceAuditAction, details: Record<string, string>) =>
    operatorAuditEntry({ clientId: input.clientId, action, operator: input.operator, at: input.at, details });
  if (existing === null) await deps.services.put(service, audit("SERVICE_CREATED", creationDetails(service)));
  if (!entitlementsOf(service).onchainKyc) return { service, registered: null };

  const registered = input.onchainServiceId === undefined ? await deps.registry().createService() : null;
  service = { ...service, onchainServiceId: registered?.serviceId ?? (input.onchainServiceId as string) };
  await deps.services.put(
    service,
    audit(
      "SERVICE_REGISTERED",
      registered === null
        ? { onchainServiceId: service.onchainServiceId as string, attached: "true" }
        : { onchainServiceId: registered.serviceId, txHash: registered.txHash },
    ),
  );
  return { service, registered };
}

/** The settings an auditor wants to see the service start with. */
function creationDetails(service: Service): Record<string, string> {
  const details: Record<string, string> = {
    name: service.name,
    plan: service.plan,
    botPolicy: service.botPolicy,
    advancedBotEnabled: String(service.advancedBotEnabled),
    retention: service.retention.mode,
    amlFullNameMatch: service.amlFullNameMatch ?? "block",
  };
  if (service.retention.mode === "single-event") details.eventEndDate = service.retention.eventEndDate;
  if (service.webhookUrl !== undefined) details.webhookUrl = service.webhookUrl;
  return details;
}

/** Two services sharing a registry service would share their flags. */
async function requireUnattached(services: ServiceRepository, input: OnboardServiceInput): Promise<void> {
  const id = input.onchainServiceId as string;
  if (!/^[1-9][0-9]{0,76}$/.test(id)) {
    throw new ValidationError(
      "the registry service id must be a positive decimal integer",
      "onchainServiceId",
    );
  }
  let cursor: string | null = null;
  do {
    const page = await services.list(cursor, PAGE);
    const holder = page.items.find((s) => s.onchainServiceId === id && s.clientId !== input.clientId);
    if (holder !== undefined) {
      throw new ConflictError(`registry service ${id} is already attached to ${holder.clientId}`, {
        context: { clientId: input.clientId, onchainServiceId: id },
      });
    }
    cursor = page.cursor;
  } while (cursor !== null);
}
