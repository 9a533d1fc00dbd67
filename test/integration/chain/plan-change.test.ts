import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { HDNodeWallet, Wallet } from "ethers";
import type { ChainIntent } from "../../../lambdas/domain/chain/intent.js";
import type { ChangePlanDeps } from "../../../lambdas/domain/operator/change-plan.js";
import type { Plan } from "../../../lambdas/domain/service.js";
import {
  createOpsService,
  opsServiceDepsFromEnv,
  type OpsServiceDeps,
} from "../../../lambdas/handlers/ops-service.js";
import { aService } from "../../support/domain-builders.js";
import { lambdaContext } from "../../support/lambda-events.js";
import { applyProcessEnv } from "../../support/process-env.js";
import { startChainStack, type ChainStack } from "./support/chain-stack.js";
import {
  approvedProfile,
  drainChainQueue,
  importHandlers,
  publishOutbox,
  registryEvents,
  seedService,
  type PipelineHandlers,
} from "./support/pipeline-driver.js";

/** Hardhat's development account #0: deployed the test registry, holds its admin role. */
const ADMIN = HDNodeWallet.fromPhrase(
  "test test test test test test test test test test test junk",
  undefined,
  "m/44'/60'/0'/0/0",
);
const OPERATOR = "ops-ana";
const PAGE = 2;

let stack: ChainStack;
let handlers: PipelineHandlers;
let restoreEnv: () => void;

beforeAll(async () => {
  stack = await startChainStack("plan-change");
  restoreEnv = applyProcessEnv({ ...stack.env, REGISTRY_ADMIN_PRIVATE_KEY: ADMIN.privateKey });
  handlers = await importHandlers();
}, 120_000);

afterAll(async () => {
  restoreEnv?.();
  await stack?.stop();
});

type Deps = Awaited<ReturnType<OpsServiceDeps["planChange"]>>;

/**
 * The ops-service function with its real dependencies (DynamoDB Local, the chain queue on fauxqs, the
 * registry on the Hardhat node), pages of PAGE profiles, and a crash injected into one port: the n-th
 * chain queue publish, or the progress write that follows the n-th publish.
 */
function opsService(crash: { publish?: number; saveAfterPublish?: number } = {}, pageSize = PAGE) {
  const base = opsServiceDepsFromEnv();
  let publishes = 0;
  let crashSaveNext = false;
  const services: OpsServiceDeps["services"] = {
    get: (clientId) => base.services.get(clientId),
    list: (cursor, limit) => base.services.list(cursor, limit),
    listAudit: (clientId) => base.services.listAudit(clientId),
    recordAudit: (entry) => base.services.recordAudit(entry),
    put: async (service, audit) => {
      if (crashSaveNext) {
        crashSaveNext = false;
        throw new Error("simulated crash before the progress was saved");
      }
      await base.services.put(service, audit);
    },
  };
  const planChange = async (): Promise<Deps> => {
    const real = await base.planChange();
    const chainQueue: ChangePlanDeps["chainQueue"] = {
      publish: async (intents: readonly ChainIntent[]) => {
        publishes += 1;
        if (publishes === crash.publish) throw new Error("simulated crash: the chain queue is unreachable");
        await real.chainQueue.publish(intents);
        if (publishes === crash.saveAfterPublish) crashSaveNext = true;
      },
    };
    return { ...real, chainQueue, pageSize };
  };
  const handler = createOpsService(() => ({ ...base, services, planChange }));
  return (clientId: string, plan: Plan) =>
    handler({ action: "change-plan", clientId, plan, operator: OPERATOR });
}

async function runPipeline() {
  await publishOutbox(handlers);
  return drainChainQueue(stack, handlers.attester);
}

const verified = (serviceId: string, wallet: string) =>
  stack.registry.getFunction("isVerified")(BigInt(serviceId), wallet) as Promise<boolean>;

async function eventsFor(wallets: readonly string[]) {
  const mine = new Set(wallets.map((wallet) => wallet.toLowerCase()));
  return (await registryEvents(stack)).filter((event) => mine.has(event.wallet.toLowerCase()));
}

async function approveMany(clientId: string, prefix: string, count: number) {
  const wallets: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const wallet = Wallet.createRandom().address;
    await approvedProfile(stack, clientId, `${prefix}-${i}`, wallet);
    wallets.push(wallet);
  }
  return wallets;
}

describe("service change-plan against DynamoDB Local, fauxqs and a Hardhat node", () => {
  it("payg to managed: registers the service, attests every approved wallet once, resuming after two crashes", async () => {
    await stack.services.put(aService({ clientId: "shop", plan: "payg" }));
    const wallets = await approveMany("shop", "shop-user", 5);
    await runPipeline();
    // Pay-as-you-go: the approvals' chain intents are skipped, nothing is on-chain.
    expect(await eventsFor(wallets)).toEqual([]);

    // First run: page 1 queued, the chain queue fails on page 2.
    // The function fails (a Lambda error: the CLI shows it and exits non-zero).
    await expect(opsService({ publish: 2 })("shop", "managed")).rejects.toThrow(/simulated crash/);
    const afterFirst = await stack.services.get("shop");
    // The plan switched when the change was recorded: entitlements follow it from that moment.
    expect(afterFirst).toMatchObject({
      plan: "managed",
      planChange: { from: "payg", to: "managed", step: "attest", queued: PAGE, completedAt: null },
    });
    const serviceId = afterFirst?.onchainServiceId as string;
    expect(serviceId).toMatch(/^[1-9]\d*$/);
    expect(serviceId).not.toBe(stack.serviceId.toString());
    await runPipeline();
    expect((await eventsFor(wallets)).length).toBe(PAGE);

    // Second run: page 2 queued, then a crash before its cursor was saved (it will be queued again).
    await expect(opsService({ saveAfterPublish: 1 })("shop", "managed")).rejects.toThrow(/simulated crash/);
    expect((await stack.services.get("shop"))?.planChange).toMatchObject({ step: "attest", queued: PAGE });
    await runPipeline();
    expect((await eventsFor(wallets)).length).toBe(2 * PAGE);

    // Third run resumes at page 2 again and finishes. Its pages are 3 profiles, so the repeated intents
    // travel in a new message (as after SQS's five-minute deduplication window): only the attester's
    // check of what is applied on-chain keeps them from being attested twice.
    const third = await opsService({}, 3)("shop", "managed");
    expect(third).toMatchObject({
      status: "success",
      data: {
        resumed: true,
        entitlements: { onchainKyc: true, operatorAccess: true },
        planChange: { step: "done", queued: PAGE + 3 },
      },
    });
    await runPipeline();
    for (const wallet of wallets) expect(await verified(serviceId, wallet)).toBe(true);
    const events = await eventsFor(wallets);
    expect(events.map((event) => event.name)).toEqual(wallets.map(() => "Attested"));
    expect(new Set(events.map((event) => event.wallet.toLowerCase())).size).toBe(wallets.length);

    // The attestations carry the expiry the reconcile job expects: it finds no drift.
    const reconcile = (await handlers.reconcile(
      { action: "reconcile", clientId: "shop", dryRun: true },
      lambdaContext("chain-reconcile"),
    )) as { services: { attest: unknown[]; revoke: unknown[] }[] };
    expect(reconcile.services).toMatchObject([{ attest: [], revoke: [] }]);

    // Repeating the finished command changes nothing and queues nothing.
    expect(await opsService({ publish: 1 })("shop", "managed")).toMatchObject({
      status: "success",
      data: { resumed: true, planChange: { step: "done" } },
    });
    const trail = (await stack.services.listAudit("shop")).map(({ action, actor }) => [action, actor.id]);
    expect(trail).toEqual([
      ["PLAN_CHANGE_STARTED", OPERATOR],
      ["SERVICE_REGISTERED", OPERATOR],
      ["PLAN_CHANGE_COMPLETED", OPERATOR],
    ]);
  });

  it("managed to payg: revokes every flag once and refuses new attestations, resuming after a crash", async () => {
    await seedService(stack, "dex");
    const wallets = await approveMany("dex", "dex-user", 5);
    await runPipeline();
    for (const wallet of wallets) expect(await verified(stack.serviceId.toString(), wallet)).toBe(true);

    await expect(opsService({ publish: 2 })("dex", "payg")).rejects.toThrow(/simulated crash/);
    expect(await stack.services.get("dex")).toMatchObject({
      plan: "payg",
      onchainServiceId: stack.serviceId.toString(),
      planChange: { step: "revoke", queued: PAGE },
    });
    // A profile approved after the downgrade started is not attested: on-chain KYC left with the plan.
    const [late] = await approveMany("dex", "dex-late", 1);
    await runPipeline();
    expect(await verified(stack.serviceId.toString(), late as string)).toBe(false);
    const stillVerified = await Promise.all(
      wallets.map((wallet) => verified(stack.serviceId.toString(), wallet)),
    );
    expect(stillVerified.filter((on) => !on)).toHaveLength(PAGE);

    const resumed = await opsService()("dex", "payg");
    expect(resumed).toMatchObject({
      status: "success",
      data: {
        resumed: true,
        entitlements: { onchainKyc: false, operatorAccess: false },
        planChange: { from: "managed", to: "payg", step: "done" },
      },
    });
    await runPipeline();
    for (const wallet of wallets) expect(await verified(stack.serviceId.toString(), wallet)).toBe(false);
    const revoked = (await eventsFor(wallets)).filter((event) => event.name === "Revoked");
    expect(revoked).toHaveLength(wallets.length);
    expect(new Set(revoked.map((event) => event.wallet.toLowerCase())).size).toBe(wallets.length);
    expect((await eventsFor([late as string])).length).toBe(0);
  });

  it("an attestation still pending when a downgrade read the flags is revoked once it confirms", async () => {
    await seedService(stack, "race");
    const [settled] = await approveMany("race", "race-settled", 1);
    await runPipeline();
    const [pending] = await approveMany("race", "race-pending", 1);
    await publishOutbox(handlers);
    // One attester run: the transaction is sent (and mined by the node) but not yet confirmed in the
    // pipeline's records, so the downgrade below does not see its flag.
    await drainChainQueue(stack, handlers.attester, { maxRounds: 1 });
    expect(await stack.txStore.listPending(stack.attester.address)).toHaveLength(1);
    expect(await opsService()("race", "self-managed")).toMatchObject({
      status: "success",
      data: { planChange: { step: "done", queued: 1 } },
    });
    await drainChainQueue(stack, handlers.attester);
    const serviceId = stack.serviceId.toString();
    expect(await verified(serviceId, settled as string)).toBe(false);
    expect(await verified(serviceId, pending as string)).toBe(false);
    expect((await eventsFor([pending as string])).map((event) => event.name)).toEqual([
      "Attested",
      "Revoked",
    ]);
  });

  it("refuses another change while one is unfinished, and a change to the current plan", async () => {
    await stack.services.put(aService({ clientId: "half", plan: "self-managed" }));
    await approveMany("half", "half-user", 3);
    await expect(opsService({ publish: 1 })("half", "managed-dedicated")).rejects.toThrow(/simulated crash/);
    expect(await opsService()("half", "payg")).toMatchObject({
      status: "error",
      code: 409,
      message: expect.stringMatching(/not finished \(step attest\).*--plan managed-dedicated/),
    });
    expect(await opsService()("half", "managed-dedicated")).toMatchObject({
      status: "success",
      data: { planChange: { step: "done", queued: 3 }, entitlements: { weeklyReport: true } },
    });
    expect(await opsService()("half", "managed-dedicated")).toMatchObject({ status: "success" });
    await runPipeline();
    // Between managed plans only entitlements change: no chain work.
    expect(await opsService()("half", "managed")).toMatchObject({
      status: "success",
      data: { planChange: { from: "managed-dedicated", to: "managed", step: "done", queued: 0 } },
    });
    expect(await opsService()("half", "managed")).toMatchObject({
      status: "success",
      data: { resumed: true },
    });
    expect(await opsService()("nobody", "managed")).toMatchObject({ status: "error", code: 404 });
    await stack.services.put(aService({ clientId: "same", plan: "payg" }));
    expect(await opsService()("same", "payg")).toMatchObject({
      status: "error",
      code: 409,
      message: expect.stringMatching(/already on the payg plan/),
    });
  });
});
