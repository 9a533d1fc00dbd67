import { describe, expect, it } from "@jest/globals";
import { ConflictError, NotEntitledError, ValidationError } from "../../../lambdas/domain/errors.js";
import {
  onboardService,
  type OnboardServiceInput,
} from "../../../lambdas/domain/operator/onboard-service.js";
import type { RegisteredService, RegistryAdmin } from "../../../lambdas/domain/operator/registry-admin.js";
import { aService } from "../domain/support/fixtures.js";
import { InMemoryServices } from "../domain/support/in-memory-ports.js";

/** A registry that hands out sequential ids, as KycRegistry.createService does. */
class SequentialRegistry implements RegistryAdmin {
  readonly created: RegisteredService[] = [];
  failNext = false;

  async createService(): Promise<RegisteredService> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("node unreachable");
    }
    const registered = { serviceId: String(this.created.length + 1), txHash: `0x${"ab".repeat(32)}` };
    this.created.push(registered);
    return registered;
  }
}

const AT = "2026-03-01T00:00:00.000Z";

function setup() {
  const services = new InMemoryServices();
  const registry = new SequentialRegistry();
  return { services, registry, deps: { services, registry: () => registry } };
}

const input = (overrides: Partial<OnboardServiceInput> = {}): OnboardServiceInput => ({
  clientId: "acme",
  name: "Acme",
  plan: "managed",
  operator: "alice",
  at: AT,
  ...overrides,
});

describe("onboardService", () => {
  it("registers a managed service on the registry and stores its serviceId", async () => {
    const { services, registry, deps } = setup();
    const result = await onboardService(
      deps,
      input({ retention: { mode: "single-event", eventEndDate: "2026-06-30" }, botPolicy: "strict" }),
    );
    expect(registry.created).toHaveLength(1);
    expect(result.registered).toEqual(registry.created[0]);
    expect(result.service).toMatchObject({
      onchainServiceId: "1",
      botPolicy: "strict",
      retention: { mode: "single-event", eventEndDate: "2026-06-30" },
      createdAt: AT,
    });
    expect(await services.get("acme")).toEqual(result.service);
  });

  it("creates payg and self-managed services off-chain without touching the registry", async () => {
    const { services, registry, deps } = setup();
    await onboardService(deps, input({ clientId: "shop", plan: "payg" }));
    await onboardService(deps, input({ clientId: "corp", plan: "self-managed", advancedBotEnabled: true }));
    expect(registry.created).toHaveLength(0);
    expect(await services.get("shop")).toMatchObject({ onchainServiceId: null, plan: "payg" });
    expect(await services.get("corp")).toMatchObject({ advancedBotEnabled: true });
  });

  it("refuses a second creation of the same service", async () => {
    const { registry, deps } = setup();
    await onboardService(deps, input());
    await expect(onboardService(deps, input())).rejects.toThrow(ConflictError);
    expect(registry.created).toHaveLength(1);
  });

  it("resumes an interrupted creation: the stored service gets registered on the retry", async () => {
    const { services, registry, deps } = setup();
    registry.failNext = true;
    await expect(onboardService(deps, input())).rejects.toThrow("node unreachable");
    expect(await services.get("acme")).toMatchObject({ onchainServiceId: null });
    const retried = await onboardService(deps, input());
    expect(retried.service.onchainServiceId).toBe("1");
    expect(registry.created).toHaveLength(1);
  });

  it("audits the creation and the registration with the operator, also a registration resumed by another", async () => {
    const { services, registry, deps } = setup();
    registry.failNext = true;
    const url = "https://hooks.example.org/acme";
    await expect(onboardService(deps, input({ webhookUrl: url }))).rejects.toThrow("node unreachable");
    await onboardService(deps, input({ operator: "bob", at: "2026-03-01T00:05:00.000Z" }));
    await onboardService(deps, input({ clientId: "shop", plan: "payg" }));
    expect(services.audit).toEqual([
      {
        clientId: "acme",
        action: "SERVICE_CREATED",
        actor: { kind: "operator", id: "alice" },
        at: AT,
        details: {
          name: "Acme",
          plan: "managed",
          botPolicy: "standard",
          advancedBotEnabled: "false",
          retention: "ongoing",
          amlFullNameMatch: "block",
          webhookUrl: url,
        },
      },
      {
        clientId: "acme",
        action: "SERVICE_REGISTERED",
        actor: { kind: "operator", id: "bob" },
        at: "2026-03-01T00:05:00.000Z",
        details: { onchainServiceId: "1", txHash: registry.created[0]?.txHash },
      },
      expect.objectContaining({ clientId: "shop", action: "SERVICE_CREATED" }),
    ]);
  });

  it("attaches an existing registry service once, and only on on-chain plans", async () => {
    const { services, registry, deps } = setup();
    const result = await onboardService(deps, input({ onchainServiceId: "7" }));
    expect(result).toMatchObject({ registered: null, service: { onchainServiceId: "7" } });
    expect(services.audit.at(-1)).toMatchObject({
      action: "SERVICE_REGISTERED",
      details: { onchainServiceId: "7", attached: "true" },
    });
    expect(registry.created).toHaveLength(0);
    await expect(onboardService(deps, input({ clientId: "other", onchainServiceId: "7" }))).rejects.toThrow(
      "already attached to acme",
    );
    await expect(
      onboardService(deps, input({ clientId: "shop", plan: "payg", onchainServiceId: "8" })),
    ).rejects.toThrow(NotEntitledError);
    await expect(onboardService(deps, input({ clientId: "x", onchainServiceId: "0x1" }))).rejects.toThrow(
      ValidationError,
    );
    expect(await services.get("shop")).toBeNull();
  });

  it("validates the service like every other creation (custom policy needs its actions)", async () => {
    const { services, deps } = setup();
    await expect(onboardService(deps, input({ botPolicy: "custom" }))).rejects.toThrow(ValidationError);
    expect(await services.get("acme")).toBeNull();
    await services.put(aService({ clientId: "kept", plan: "payg" }));
    await expect(onboardService(deps, input({ clientId: "kept", plan: "payg" }))).rejects.toThrow(
      ConflictError,
    );
  });
});
