import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Contract, JsonRpcProvider } from "ethers";
import { chromium, type Browser, type Page } from "playwright-core";
import { KYC_REGISTRY_ABI } from "@kyc-attest/contracts";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../../lambdas/adapters/dynamodb/profile-repository.js";
import { HmacIdentifierHasher } from "../../lambdas/adapters/crypto/hmac-identifier-hasher.js";
import type { Profile } from "../../lambdas/domain/profile.js";
import { reportWeekBefore } from "../../lambdas/domain/reports/report-week.js";
import { indexChangeFor } from "../../lambdas/domain/use-cases/index-change.js";
import { aProfile, aSeedAudit, clearCertificates } from "../support/domain-builders.js";
import type { IntakeCertificatesBody } from "../../lambdas/shared/intake-schemas.js";
import { DEMO_APPLICANTS, demoWallet, type DemoApplicant } from "../../scripts/demo/demo-profiles.js";
import { createDemoKey, createDemoTenant } from "../../scripts/demo/demo-tenant.js";
import { IntakeClient } from "../../scripts/demo/intake-client.js";
import { LOCAL_CONSOLE_OPERATOR } from "../../scripts/local/console-operator.js";
import { localClientConfig } from "../../scripts/local/local-aws.js";
import { startLocalStack, type LocalStack } from "../../scripts/local/local-stack.js";
import { silentLog } from "../../scripts/local/stack-log.js";
import { waitFor } from "../../scripts/lib/wait-for.js";

/**
 * The console in a real headless Chromium (Debian's `chromium`, driven by playwright-core) against the
 * real local stack: an operator works a managed service's queue seeded with the demo applicants
 * (approve, reject with remediation, unblock an AML false positive, erase), each change checked in the
 * status API, the audit trail and the registry on the Hardhat node; a pay-as-you-go service shows the
 * operator nothing; then a pay-as-you-go customer decides its waiting profile and cannot reach another
 * service. Every page gets an axe check (no serious or critical violation) and a 1280x800 screenshot,
 * written to .local/screenshots/ by every run, or to the folder CONSOLE_SCREENSHOTS_DIR names:
 * `npm run screenshots` refreshes docs/screenshots/, whose main pages the README shows (ages and
 * times differ from run to run, so the committed ones change only when asked to).
 */
const ROOT = join(import.meta.dirname, "../..");
const SCREENSHOTS = join(ROOT, process.env.CONSOLE_SCREENSHOTS_DIR ?? ".local/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const MANAGED = { clientId: "console-exchange", name: "Console Exchange" };
const SHOP = { clientId: "console-shop", name: "Console Shop" };
const OTHER_SHOP = { clientId: "console-other-shop", name: "Other Shop" };
const BANK = { clientId: "console-bank", name: "Console Bank" };

type Certificate = IntakeCertificatesBody["certificates"][number];
const clear = (name: Certificate["name"]): Certificate => ({ name, status: "CLEAR", checks: [] });
/** A CONSIDER result without a check code: no bot decides it, it waits for a person. */
const unexplained: Certificate[] = [
  clear("identity-document"),
  { name: "selfie", status: "CONSIDER", checks: [] },
  { ...clear("aml"), aml: { hits: [] } },
];

/** Applicants the bots leave waiting for a reviewer (made-up people, like the demo's). */
function waitingApplicant(
  name: string,
  givenName: string,
  familyName: string,
  passport: string,
): DemoApplicant {
  return {
    name,
    scenario: "selfie CONSIDER without a check code: left for a reviewer",
    secondWave: false,
    profile: {
      wallet: demoWallet(`console ${name}`),
      identity: { givenName, familyName, dob: "1991-05-17", nationality: "DE", email: `${name}@example.com` },
      documents: [{ type: "passport", number: passport, country: "DE" }],
      ipCountry: "DE",
    },
    certificates: unexplained,
  };
}

const WAITING = [
  waitingApplicant("mara", "Mara", "Schulz", "C01X00T47"),
  waitingApplicant("oskar", "Oskar", "Brandt", "C02X11T58"),
  waitingApplicant("paula", "Paula", "Vogel", "C03X22T69"),
];
const SHOP_WAITING = waitingApplicant("rosa", "Rosa", "Klein", "C04X33T70");
const OTHER_SHOP_WAITING = waitingApplicant("sven", "Sven", "Lange", "C05X44T81");

let stack: LocalStack;
let browser: Browser;
let page: Page;
let profiles: DynamoDbProfileRepository;
let closeDocuments: () => void;
let statusKey: string;
let shopStatusKey: string;
let shopReviewKey: string;
let isVerified: (wallet: string) => Promise<boolean>;
const seriousViolations: { page: string; id: string; impact: string; nodes: number }[] = [];
let timeToInteractiveMs = 0;

/** Screenshot of the page as it is now, and its axe result (serious and critical violations kept). */
async function capture(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: "disabled", caret: "hide" });
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  for (const violation of result.violations) {
    if (violation.impact === "serious" || violation.impact === "critical") {
      seriousViolations.push({
        page: name,
        id: violation.id,
        impact: violation.impact,
        nodes: violation.nodes.length,
      });
    }
  }
}

async function statusOf(
  clientId: string,
  key: string,
  refId: string,
): Promise<{ code: number; data: unknown }> {
  const response = await fetch(
    `${stack.stackInfo.apiUrl}/kyc/1.0/connect/${clientId}/refId/${encodeURIComponent(refId)}`,
    { headers: { Authorization: key } },
  );
  const body = (await response.json()) as { data?: unknown };
  return { code: response.status, data: body.data };
}

const eventually = (clientId: string, refId: string, accept: (p: Profile) => boolean, what: string) =>
  waitFor(
    `${refId} ${what}`,
    async () => {
      const profile = await profiles.get(clientId, refId);
      return profile !== null && accept(profile) ? profile : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );

/** Relays the outbox now rather than at the publisher's next scheduled minute (the same function). */
async function relayOutbox(): Promise<void> {
  expect((await stack.functions.invoke("outbox-publisher", { action: "drain" })).status).toBe("ok");
}

async function lastAudit(clientId: string, refId: string) {
  return (await profiles.listAudit(clientId, refId)).at(-1);
}

async function submitAll(intake: IntakeClient, applicants: readonly DemoApplicant[]): Promise<void> {
  for (const applicant of applicants) {
    const refId = applicant.name;
    const created = await intake.submitProfile({ refId, ...applicant.profile });
    expect(created.statusCode).toBe(201);
    expect((await intake.submitCertificates(refId, applicant.certificates)).statusCode).toBe(200);
  }
}

beforeAll(async () => {
  // The console app as npm start serves it (built when missing or older than its sources).
  execFileSync(process.execPath, [join(ROOT, "scripts/lib/ensure-built.mjs")], {
    cwd: ROOT,
    stdio: "ignore",
  });
  stack = await startLocalStack({
    ports: { api: 0, lambda: 0, rpc: 0, dynamodb: 0, sqs: 0, smtp: 0 },
    stackFile: join(tmpdir(), `kyc-attest-console-${process.pid}`, "stack.json"),
    deploymentId: `local-console-${process.pid}`,
    log: silentLog,
    handlerLogLevel: "ERROR",
  });
  const tableName = stack.resources.tables.main!;
  const endpoints = {
    dynamodbEndpoint: stack.stackInfo.dynamodbEndpoint,
    lambdaEndpoint: stack.stackInfo.lambdaEndpoint,
    tableName,
  };
  const managed = await createDemoTenant({
    ...endpoints,
    ...MANAGED,
    plan: "managed",
    onchainServiceId: stack.chain.serviceId.toString(),
  });
  const shop = await createDemoTenant({ ...endpoints, ...SHOP, plan: "payg" });
  const otherShop = await createDemoTenant({ ...endpoints, ...OTHER_SHOP, plan: "payg" });
  await createDemoTenant({ ...endpoints, ...BANK, plan: "managed-dedicated" });
  statusKey = (await createDemoKey(stack.stackInfo.lambdaEndpoint, MANAGED.clientId, "status")).apiKey;
  shopStatusKey = (await createDemoKey(stack.stackInfo.lambdaEndpoint, SHOP.clientId, "status")).apiKey;
  shopReviewKey = (await createDemoKey(stack.stackInfo.lambdaEndpoint, SHOP.clientId, "review")).apiKey;

  const documents = createDocumentClient(localClientConfig(stack.stackInfo.dynamodbEndpoint));
  profiles = new DynamoDbProfileRepository(documents, tableName);
  closeDocuments = () => documents.destroy();
  // The dedicated-operator bank approved two people last week (the QA sample's week), and a user of the
  // exchange asked support where their verification is.
  const lastWeek = reportWeekBefore(new Date().toISOString());
  const approvedAt = new Date(Date.parse(lastWeek.start) + 86_400_000).toISOString();
  const hasher = HmacIdentifierHasher.fromSecret(process.env.IDENTIFIER_PEPPER);
  for (const [n, refId] of ["lena", "tomas"].entries()) {
    const approved = aProfile({
      clientId: BANK.clientId,
      refId,
      status: "approved",
      certificates: clearCertificates(),
      waitingDate: approvedAt,
      approvedDate: approvedAt,
      lastStatusChangeAt: approvedAt,
      wallet: demoWallet(`console bank ${refId}`),
      documents: [{ type: "passport", number: `C9${n}X00B11`, country: "AT" }],
    });
    await profiles.createIfAbsent({
      profile: approved,
      audit: aSeedAudit(approved, approvedAt),
      index: indexChangeFor(null, approved, hasher).put,
    });
  }
  const ticket = await stack.functions.invoke("ops-support", {
    action: "open",
    clientId: MANAGED.clientId,
    refId: WAITING[2]!.name,
    category: "kyc-status",
    channel: "email",
    subject: "Where is my verification?",
    message: "I sent my passport yesterday.",
    operator: "support-inbox",
  });
  expect(ticket).toMatchObject({ status: "ok", payload: { status: "success" } });
  const sqs = new SQSClient(localClientConfig(stack.stackInfo.sqsEndpoint));
  const reviewQueueDrained = async () => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.resources.queues.review!.url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) ===
      0
    );
  };

  // The demo's dozen applicants in its two waves (duplicates after their originals are decided), plus
  // three the bots leave waiting; one waiting profile in each pay-as-you-go shop.
  const intake = new IntakeClient(stack.stackInfo.apiUrl, managed.intakeKey, MANAGED.clientId);
  await submitAll(intake, [...DEMO_APPLICANTS.filter((a) => !a.secondWave), ...WAITING]);
  await waitFor("the bots to decide the first wave", reviewQueueDrained, {
    timeoutMs: 90_000,
    intervalMs: 250,
  });
  await submitAll(
    intake,
    DEMO_APPLICANTS.filter((a) => a.secondWave),
  );
  await submitAll(new IntakeClient(stack.stackInfo.apiUrl, shop.intakeKey, SHOP.clientId), [SHOP_WAITING]);
  await submitAll(new IntakeClient(stack.stackInfo.apiUrl, otherShop.intakeKey, OTHER_SHOP.clientId), [
    OTHER_SHOP_WAITING,
  ]);
  await waitFor("the bots to decide the second wave", reviewQueueDrained, {
    timeoutMs: 90_000,
    intervalMs: 250,
  });
  sqs.destroy();
  for (const duplicate of DEMO_APPLICANTS.filter((a) => a.secondWave)) {
    await eventually(
      MANAGED.clientId,
      duplicate.name,
      (p) => p.status === "blocked",
      "blocked as a duplicate",
    );
  }

  const registry = new Contract(
    stack.stackInfo.registryAddress,
    KYC_REGISTRY_ABI,
    new JsonRpcProvider(stack.stackInfo.rpcUrl),
  );
  isVerified = (wallet) =>
    registry.getFunction("isVerified")(stack.chain.serviceId, wallet) as Promise<boolean>;

  await mkdir(SCREENSHOTS, { recursive: true });
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--font-render-hinting=none"],
  });
  // axe runs in a page of its own context: the page comes from an explicit context.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: "reduce",
    locale: "en-GB",
    timezoneId: "UTC",
  });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  closeDocuments?.();
  await stack?.stop();
  await rm(join(tmpdir(), `kyc-attest-console-${process.pid}`), { recursive: true, force: true });
}, 60_000);

const consoleUrl = (path = "") => `${stack.stackInfo.consoleUrl}${path}`;
const reasonBox = () => page.getByLabel("Reason (required, for the audit trail)");
const toast = (text: string | RegExp) => page.locator(".toast-success", { hasText: text });
const profileHeading = (refId: string) => page.getByRole("heading", { level: 1, name: `Profile ${refId}` });

describe("the console in Chromium, operator", () => {
  it("signs in with the local operator and lists the services, pay-as-you-go greyed out", async () => {
    const started = Date.now();
    await page.goto(consoleUrl());
    await page.getByLabel("User name").waitFor();
    // From navigation start to the sign-in form in the page (browser code as a string: no DOM types here).
    timeToInteractiveMs = await page.evaluate<number>(
      "Math.round(performance.now() - (performance.getEntriesByType('navigation')[0]?.startTime ?? 0))",
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    await page.getByLabel("User name").fill(LOCAL_CONSOLE_OPERATOR.username);
    await page.getByLabel("Password").fill(LOCAL_CONSOLE_OPERATOR.password);
    await capture("01-sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Services" }).waitFor();
    const shopRow = page.getByRole("row", { name: new RegExp(SHOP.name) });
    await expect(shopRow.textContent()).resolves.toContain("Operators have no access on this plan");
    await expect(shopRow.getByRole("link").count()).resolves.toBe(0);
    await capture("02-services");
  }, 60_000);

  it("shows the waiting queue with counts and reason codes; ? shows the shortcuts", async () => {
    await page.getByRole("link", { name: `Review queue of ${MANAGED.name}` }).click();
    await page.getByRole("heading", { level: 1, name: `Review queue · ${MANAGED.clientId}` }).waitFor();
    const waitingTab = page.getByRole("link", { name: /^Waiting/ });
    await expect(waitingTab.getAttribute("aria-current")).resolves.toBe("page");
    await page.getByRole("link", { name: "mara", exact: true }).waitFor();
    await expect(waitingTab.textContent()).resolves.toMatch(/Waiting\s*3/);
    await capture("03-queue");
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await capture("04-shortcuts");
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "hidden" });
  }, 60_000);

  it("opens a profile with Enter (it goes in review) and approves it: status API, audit trail, chain", async () => {
    await page.keyboard.press("j"); // first row
    await page.keyboard.press("k");
    await page.keyboard.press("Enter");
    await profileHeading("mara").waitFor();
    await expect(
      eventually(MANAGED.clientId, "mara", (p) => p.status === "inreview", "in review"),
    ).resolves.toBeTruthy();
    await page.locator(".badge", { hasText: "inreview" }).first().waitFor();
    await capture("05-profile");
    await page.keyboard.press("a"); // Approve, focus in the reason
    await expect(reasonBox().evaluate((el) => el.ownerDocument.activeElement === el)).resolves.toBe(true);
    await page.keyboard.type("documents checked by hand, selfie matches");
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await toast("mara approved").waitFor();

    const status = await statusOf(MANAGED.clientId, statusKey, "mara");
    expect(status).toMatchObject({ code: 200, data: { status: "approved" } });
    expect(await lastAudit(MANAGED.clientId, "mara")).toMatchObject({
      from: "inreview",
      to: "approved",
      actor: { kind: "operator", id: LOCAL_CONSOLE_OPERATOR.username },
    });
    await relayOutbox();
    await waitFor("mara's wallet on-chain", () => isVerified(WAITING[0]!.profile.wallet), {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
    // The page shows the decision in its audit trail.
    await page
      .getByRole("cell", { name: `operator: ${LOCAL_CONSOLE_OPERATOR.username}` })
      .first()
      .waitFor();
  }, 150_000);

  it("rejects the next waiting profile from the queue with the keyboard, with a reason and remediation", async () => {
    await page.getByRole("link", { name: "Back to the queue" }).click();
    await page.getByRole("link", { name: "oskar", exact: true }).waitFor();
    await page.getByRole("link", { name: "oskar", exact: true }).focus();
    await page.keyboard.press("r");
    const dialog = page.getByRole("dialog", { name: "Reject oskar" });
    await dialog.waitFor();
    await dialog
      .getByLabel("Reason (required, for the audit trail)")
      .fill("selfie does not show the applicant");
    await dialog
      .getByLabel(/Remediation sent to the user/)
      .fill("Please take a new selfie facing the camera in good light.");
    await capture("06-reject-dialog");
    await dialog.getByRole("button", { name: "Reject", exact: true }).click();
    await toast("oskar rejected").waitFor();
    expect(await statusOf(MANAGED.clientId, statusKey, "oskar")).toMatchObject({
      code: 200,
      data: { status: "rejected" },
    });
    expect(await lastAudit(MANAGED.clientId, "oskar")).toMatchObject({
      to: "rejected",
      actor: { kind: "operator", id: LOCAL_CONSOLE_OPERATOR.username },
    });
    expect(await isVerified(WAITING[1]!.profile.wallet)).toBe(false);
  }, 60_000);

  it("shows a decision that lost a race as 'changed by X' with a Reload button", async () => {
    await page.goto(consoleUrl(`services/${MANAGED.clientId}/profiles/paula`));
    await profileHeading("paula").waitFor();
    await page.locator(".badge", { hasText: "inreview" }).first().waitFor();
    // Another operator session approves paula meanwhile, through the same API.
    const api = `${stack.stackInfo.consoleUrl}api`;
    const signIn = await fetch(`${api}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "operator", ...LOCAL_CONSOLE_OPERATOR }),
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const { data: session } = (await signIn.json()) as { data: { csrfToken: string } };
    const shown = (await (
      await fetch(`${api}/services/${MANAGED.clientId}/profiles/paula`, { headers: { cookie } })
    ).json()) as { data: { profile: { version: number } } };
    const other = await fetch(`${api}/services/${MANAGED.clientId}/profiles/paula/actions`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "x-csrf-token": session.csrfToken },
      body: JSON.stringify({
        action: "approve",
        reason: "approved in another tab",
        version: shown.data.profile.version,
      }),
    });
    expect(other.status).toBe(200);

    await page.getByRole("radio", { name: "Reject" }).check();
    await reasonBox().fill("selfie unclear");
    await page.getByRole("button", { name: "Reject", exact: true }).click();
    const conflict = page.getByRole("alert").filter({ hasText: /changed/i });
    await conflict.waitFor();
    await capture("07-conflict");
    await conflict.getByRole("button", { name: "Reload the profile" }).click();
    await page.locator(".badge", { hasText: "approved" }).first().waitFor();
    expect(await statusOf(MANAGED.clientId, statusKey, "paula")).toMatchObject({
      data: { status: "approved" },
    });
  }, 60_000);

  it("filters the blocked queue by AML_MATCH and unblocks the AML false positive: approved and on-chain", async () => {
    await page.getByRole("link", { name: "Back to the queue" }).click();
    await page.getByRole("link", { name: /^Blocked/ }).click();
    await page.getByLabel("Reason code").selectOption("AML_MATCH");
    // The filtered page has arrived (the previous one stays on screen, busy, while it loads).
    await page
      .locator('[aria-busy="false"]', {
        has: page.getByRole("table", { name: "Blocked profiles with AML_MATCH" }),
      })
      .waitFor();
    const kofi = page.getByRole("link", { name: "kofi", exact: true });
    await kofi.waitFor();
    // Duplicates (DUPLICATE) are filtered out.
    await expect(page.getByRole("link", { name: "ivan", exact: true }).count()).resolves.toBe(0);
    await capture("08-queue-blocked-aml");
    await kofi.click();
    await profileHeading("kofi").waitFor();
    await page
      .getByRole("heading", { name: "AML hits of aml" })
      .or(page.getByText("AML hits of aml"))
      .first()
      .waitFor();
    await capture("09-profile-aml");
    await page.getByRole("radio", { name: "Unblock" }).check();
    await reasonBox().fill("AML hit is another person: different country and date of birth");
    await page.getByRole("button", { name: "Unblock", exact: true }).click();
    await toast("kofi unblocked").waitFor();
    expect(await statusOf(MANAGED.clientId, statusKey, "kofi")).toMatchObject({
      code: 200,
      data: { status: "approved" },
    });
    expect(await lastAudit(MANAGED.clientId, "kofi")).toMatchObject({
      from: "blocked",
      to: "approved",
      actor: { kind: "operator", id: LOCAL_CONSOLE_OPERATOR.username },
    });
    const wallet = DEMO_APPLICANTS.find((a) => a.name === "kofi")!.profile.wallet;
    await relayOutbox();
    await waitFor("kofi's wallet on-chain", () => isVerified(wallet), { timeoutMs: 90_000, intervalMs: 500 });
  }, 150_000);

  it("erases an approved profile after a confirmation: gone from the status API, off the chain, audited", async () => {
    const wallet = DEMO_APPLICANTS.find((a) => a.name === "alice")!.profile.wallet;
    await waitFor("alice's wallet on-chain", () => isVerified(wallet), {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
    await page.goto(consoleUrl(`services/${MANAGED.clientId}/queue/approved`));
    await page.getByRole("link", { name: "alice", exact: true }).click();
    await profileHeading("alice").waitFor();
    await page.getByRole("radio", { name: "Erase (data-deletion request)" }).check();
    await reasonBox().fill("data-deletion request received by e-mail");
    await page.getByRole("button", { name: "Erase (data-deletion request)", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Erase this profile's personal data?" });
    await confirm.waitFor();
    await capture("10-erase-confirm");
    await confirm.getByRole("button", { name: "Erase", exact: true }).click();
    await toast("alice erased").waitFor();
    expect((await statusOf(MANAGED.clientId, statusKey, "alice")).code).toBe(404);
    expect((await profiles.get(MANAGED.clientId, "alice"))?.deleted).toBe(true);
    expect(await lastAudit(MANAGED.clientId, "alice")).toMatchObject({
      actor: { kind: "operator", id: LOCAL_CONSOLE_OPERATOR.username },
    });
    await relayOutbox();
    await waitFor("alice's flag revoked on-chain", async () => !(await isVerified(wallet)), {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
  }, 150_000);

  it("shows a pay-as-you-go service's queue to no operator", async () => {
    await page.goto(consoleUrl(`services/${SHOP.clientId}/queue/waiting`));
    const alert = page.getByRole("alert").filter({ hasText: /plan|Forbidden|not allowed|access/i });
    await alert.first().waitFor();
    await expect(page.getByRole("link", { name: SHOP_WAITING.name, exact: true }).count()).resolves.toBe(0);
    const answer = await page.evaluate(async (clientId) => {
      const response = await fetch(`/console/api/services/${clientId}/profiles/rosa`);
      return response.status;
    }, SHOP.clientId);
    expect(answer).toBe(403);
  }, 60_000);

  it("shows the jobs and chain page and runs reconcile after a confirmation", async () => {
    await page.getByRole("link", { name: "Jobs & chain" }).click();
    await page.getByRole("heading", { level: 2, name: "Chain pipeline" }).waitFor();
    await page.getByRole("table", { name: "Pending transactions" }).waitFor();
    await page.getByRole("button", { name: "Reconcile the chain" }).click();
    const confirm = page.getByRole("dialog", { name: "Reconcile the chain?" });
    await confirm.waitFor();
    await confirm.getByRole("button", { name: "Run it" }).click();
    await page.getByRole("heading", { name: "Result of reconcile" }).waitFor();
    await capture("11-jobs-chain");
  }, 60_000);

  it("shows the quality assurance sample of a managed-dedicated service and records an outcome", async () => {
    await page.getByRole("link", { name: "Services" }).click();
    await page.getByRole("link", { name: `Quality assurance of ${BANK.name}` }).click();
    await page.getByRole("heading", { level: 1, name: `Quality assurance · ${BANK.clientId}` }).waitFor();
    // The last complete week's sample (drawn now): this run decided nothing then.
    await page.getByText(/Week \d{4}-W\d{2}, drawn/).waitFor();
    await page.getByRole("table", { name: "The week's sample" }).waitFor();
    await page.getByRole("row", { name: /lena/ }).getByLabel("Note").fill("passport and selfie match");
    await page.getByRole("row", { name: /lena/ }).getByRole("button", { name: "Record" }).click();
    await toast("QA outcome recorded for lena").waitFor();
    // The sample is read again: the row now shows the recorded outcome.
    await page.getByRole("row", { name: /lena.*confirmed/ }).waitFor();
    await capture("12-qa");
  }, 60_000);

  it("shows the support tickets with their clocks and answers one", async () => {
    await page.getByRole("link", { name: "Support" }).click();
    await page.getByRole("heading", { level: 1, name: "Support tickets" }).waitFor();
    await page.goto(consoleUrl(`support?clientId=${MANAGED.clientId}`));
    await page.getByRole("link", { name: "Where is my verification?" }).waitFor();
    await capture("13-support");
    await page.getByRole("link", { name: "Where is my verification?" }).click();
    await page
      .getByLabel("Message to the requester")
      .fill("Your profile is with a reviewer; expect news today.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Your profile is with a reviewer; expect news today.").first().waitFor();
    await capture("13b-ticket");
  }, 60_000);
});

describe("the console in Chromium, pay-as-you-go customer", () => {
  it("signs in with a review key and decides its waiting profile", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("radio", { name: "Customer reviewer" }).check();
    await page.getByLabel("Client id").fill(SHOP.clientId);
    await page.getByLabel("Review API key").fill(shopReviewKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "My service" }).waitFor();
    await page.getByRole("link", { name: `Review queue of ${SHOP.name}` }).waitFor();
    await expect(page.getByRole("row").count()).resolves.toBe(2); // header + its one service
    await capture("14-customer-service");
    await page.getByRole("link", { name: `Review queue of ${SHOP.name}` }).click();
    await page.getByRole("link", { name: SHOP_WAITING.name, exact: true }).click();
    await profileHeading(SHOP_WAITING.name).waitFor();
    await page.getByText("Rosa Klein").waitFor();
    await capture("15-customer-profile");
    await page.getByRole("radio", { name: "Approve" }).check();
    await reasonBox().fill("selfie checked against the passport photo");
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await toast("rosa approved").waitFor();
    expect(await statusOf(SHOP.clientId, shopStatusKey, SHOP_WAITING.name)).toMatchObject({
      code: 200,
      data: { status: "approved" },
    });
    expect(await lastAudit(SHOP.clientId, SHOP_WAITING.name)).toMatchObject({
      to: "approved",
      actor: { kind: "customer" },
    });
  }, 60_000);

  it("cannot reach another service, nor the operator pages", async () => {
    await page.goto(consoleUrl(`services/${OTHER_SHOP.clientId}/queue/waiting`));
    await page.getByRole("alert").first().waitFor();
    await expect(
      page.getByRole("link", { name: OTHER_SHOP_WAITING.name, exact: true }).count(),
    ).resolves.toBe(0);
    const statuses = await page.evaluate(async (clientId) => {
      const queue = await fetch(`/console/api/services/${clientId}/queue?status=waiting`);
      const profile = await fetch(`/console/api/services/${clientId}/profiles/sven`);
      const chain = await fetch("/console/api/chain");
      return [queue.status, profile.status, chain.status];
    }, OTHER_SHOP.clientId);
    expect(statuses).toEqual([403, 403, 403]);
    await page.goto(consoleUrl("jobs"));
    await page.getByRole("heading", { level: 1, name: "Not found" }).waitFor();
  }, 60_000);

  it("has no serious or critical axe violation on any page", () => {
    console.log(`console time to interactive (sign-in form, local): ${timeToInteractiveMs} ms`);
    expect(seriousViolations).toEqual([]);
  });
});
