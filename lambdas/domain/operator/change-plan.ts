import type { ChainIntent } from "../chain/intent.js";
import { ConflictError } from "../errors.js";
import { deterministicId } from "../ids.js";
import { botSettingsOn, requirePlanRules } from "../plan-rules.js";
import type { Page, ServiceRepository } from "../ports.js";
import { operatorAuditEntry, type ServiceAuditAction } from "../service-audit.js";
import { isManagedPlan, type Plan, type PlanChange, type PlanChangeStep, type Service } from "../service.js";
import { loadService } from "../use-cases/load.js";
import type { RegisteredService, RegistryAdmin } from "./registry-admin.js";

/** A profile's flag as a plan change needs it (no personal data). */
export interface FlagTarget {
  refId: string;
  wallet: string;
  /** The profile version the intent carries: the current one (attest) or the one applied on-chain (revoke). */
  profileVersion: number;
  /** When it was approved (attestations expire relative to it); null for revocations. */
  approvedDate: string | null;
}

export interface ChangePlanDeps {
  services: ServiceRepository;
  /** Created lazily: only a move onto a managed plan of an unregistered service needs it. */
  registry: () => RegistryAdmin;
  /** The service's approved, not erased profiles, a page at a time in a stable order. */
  approvedProfiles: {
    page(clientId: string, cursor: string | null, limit: number): Promise<Page<FlagTarget>>;
  };
  /** The wallets the chain pipeline recorded as flagged for the service, a page at a time. */
  recordedFlags: { page(clientId: string, cursor: string | null, limit: number): Promise<Page<FlagTarget>> };
  /** The chain queue the attester consumes (the attester stays the only writer for its signer). */
  chainQueue: { publish(intents: readonly ChainIntent[]): Promise<unknown> };
  /** Profiles per page (one chain queue publish and one progress write per page). */
  pageSize: number;
}

export interface ChangePlanInput {
  clientId: string;
  to: Plan;
  operator: string;
  at: string;
}

export interface ChangePlanResult {
  service: Service;
  planChange: PlanChange;
  /** True when this call continued a change recorded earlier (or found it already done). */
  resumed: boolean;
  /** The registry service created by this call, if any. */
  registered: RegisteredService | null;
}

/**
 * The steps a change runs, in order: moving onto a managed plan registers the on-chain service (if it
 * has none yet) and then queues an attestation of every approved profile; leaving a managed plan queues
 * a revocation of every flag the pipeline recorded. Between managed plans, or between off-chain ones,
 * only entitlements change.
 */
export function planChangeSteps(from: Plan, to: Plan): PlanChangeStep[] {
  if (!isManagedPlan(from) && isManagedPlan(to)) return ["register", "attest", "done"];
  if (isManagedPlan(from) && !isManagedPlan(to)) return ["revoke", "done"];
  return ["done"];
}

/**
 * Moves a service to another plan (an upgrade through sales, a downgrade through operations). The
 * change is recorded first, together with the new plan, so entitlements (bots, operator access,
 * on-chain KYC, weekly report) follow the new plan from that moment; then each step runs, saving its
 * progress (step, page cursor, intents queued) after every page. A call that stops part-way (a crash,
 * a failing dependency) is resumed by repeating it: the recorded change continues from where its
 * progress says. Intents have ids derived from the change and the profile version, and the attester
 * skips what is already applied on-chain, so a page queued twice is not applied twice.
 */
export async function changePlan(deps: ChangePlanDeps, input: ChangePlanInput): Promise<ChangePlanResult> {
  let service = await loadService(deps.services, input.clientId);
  const audit = (action: ServiceAuditAction, details: Record<string, string>) =>
    operatorAuditEntry({ clientId: input.clientId, action, operator: input.operator, at: input.at, details });
  let change = service.planChange;
  const resumed = change !== undefined && (change.step !== "done" || service.plan === input.to);
  if (change !== undefined && change.step !== "done" && change.to !== input.to) {
    throw new ConflictError(
      `the change of ${input.clientId} from ${change.from} to ${change.to} is not finished (step ${change.step}): ` +
        `repeat it (--plan ${change.to}) before another change`,
      { context: { clientId: input.clientId, step: change.step } },
    );
  }
  if (change === undefined || (change.step === "done" && service.plan !== input.to)) {
    if (service.plan === input.to) {
      throw new ConflictError(`service ${input.clientId} is already on the ${input.to} plan`, {
        context: { clientId: input.clientId },
      });
    }
    change = {
      id: deterministicId("plan-change", input.clientId, service.plan, input.to, input.at),
      from: service.plan,
      to: input.to,
      requestedAt: input.at,
      operator: input.operator,
      step: planChangeSteps(service.plan, input.to)[0] as PlanChangeStep,
      cursor: null,
      queued: 0,
      completedAt: null,
    };
    const { kycBotEnabled: _dropped, ...rest } = service;
    service = { ...rest, plan: input.to, ...botSettingsOn(service, input.to), planChange: change };
    requirePlanRules(service, new Set(["plan"]));
    await deps.services.put(
      service,
      audit("PLAN_CHANGE_STARTED", { from: change.from, to: change.to, changeId: change.id }),
    );
  }

  let progress: PlanChange = change;
  let registered: RegisteredService | null = null;
  const steps = planChangeSteps(progress.from, progress.to);
  const save = async (next: PlanChange, entry?: ReturnType<typeof audit>) => {
    progress = next;
    service = { ...service, planChange: next };
    await deps.services.put(service, entry);
  };
  const advance = (current: PlanChange): PlanChange => ({
    ...current,
    step: steps[steps.indexOf(current.step) + 1] ?? "done",
    cursor: null,
  });

  while (progress.step !== "done") {
    if (progress.step === "register") {
      if (service.onchainServiceId !== null) {
        await save(advance(progress));
        continue;
      }
      registered = await deps.registry().createService();
      service = { ...service, onchainServiceId: registered.serviceId };
      await save(
        advance(progress),
        audit("SERVICE_REGISTERED", { onchainServiceId: registered.serviceId, txHash: registered.txHash }),
      );
      continue;
    }
    const kind = progress.step === "attest" ? "attest" : "revoke";
    const source = kind === "attest" ? deps.approvedProfiles : deps.recordedFlags;
    const page = await source.page(input.clientId, progress.cursor, deps.pageSize);
    const intents = page.items.flatMap((target) => intentOf(progress, input.clientId, kind, target));
    if (intents.length > 0) await deps.chainQueue.publish(intents);
    const progressed: PlanChange = {
      ...progress,
      cursor: page.cursor,
      queued: progress.queued + intents.length,
    };
    await save(page.cursor === null ? advance(progressed) : progressed);
  }

  if (progress.completedAt === null) {
    await save(
      { ...progress, completedAt: input.at },
      audit("PLAN_CHANGE_COMPLETED", {
        from: progress.from,
        to: progress.to,
        changeId: progress.id,
        queued: String(progress.queued),
      }),
    );
  }
  return { service, planChange: progress, resumed, registered };
}

function intentOf(
  change: PlanChange,
  clientId: string,
  kind: "attest" | "revoke",
  target: FlagTarget,
): ChainIntent[] {
  // An approval without its date cannot be given an expiry; the reconcile job reports such drift.
  if (kind === "attest" && target.approvedDate === null) return [];
  return [
    {
      id: deterministicId("plan-change", change.id, target.refId, target.profileVersion, kind),
      intent: kind,
      clientId,
      refId: target.refId,
      wallet: target.wallet,
      at: kind === "attest" ? (target.approvedDate as string) : change.requestedAt,
      profileVersion: target.profileVersion,
      source: "plan-change",
    },
  ];
}
