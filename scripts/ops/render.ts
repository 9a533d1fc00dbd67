import { formatTable } from "../lib/table.js";
import { QA_RENDERERS } from "./render-qa.js";

/** The readable form of a command's answer (`--json` prints the data as it is instead). */
export function renderResult(commandName: string, data: unknown): string {
  const render = RENDERERS[commandName] ?? ((value: unknown) => formatValue(value));
  return render(data as never);
}

type Renderer = (data: never) => string;

interface ServiceData {
  service: {
    clientId: string;
    name: string;
    plan: string;
    botPolicy: string;
    advancedBotEnabled: boolean;
    retention: { mode: string; eventEndDate?: string };
    onchainServiceId: string | null;
    requiredCertificates: string[];
    attestationValidityDays: number;
    amlFullNameMatch?: string;
    webhookUrl?: string;
    kycBotEnabled?: boolean;
    amlThresholds?: { block: number; review: number };
    planChange?: PlanChangeView;
  };
  entitlements: Record<string, boolean>;
  /** `service update`: the fields whose value changed. */
  changed?: string[];
  /** `service change-plan`. */
  planChange?: PlanChangeView;
  resumed?: boolean;
  registration?: { serviceId: string; txHash: string } | null;
  /** `service create` with a webhook URL. */
  webhook?: IssuedWebhookSecret | null;
  /** `service show`: the operator audit trail. */
  audit?: ServiceAuditRow[];
}

interface PlanChangeView {
  from: string;
  to: string;
  step: string;
  queued: number;
  requestedAt: string;
  completedAt: string | null;
}

interface IssuedWebhookSecret {
  url: string;
  secret: string;
  standardWebhooksSecret?: string;
  generation?: number;
  signatureHeader: string;
  signature: string;
  previousSecretSignsUntil?: string | null;
}

interface WebhookPingResult {
  url: string;
  guid: string;
  httpStatus: number;
  delivered: boolean;
}

interface ServiceAuditRow {
  at: string;
  action: string;
  actor: { kind: string; id: string };
  details: Record<string, string>;
}

interface KeyView {
  keyId: string;
  scope: string;
  state: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  usageIdentifier?: string;
}

interface StatusRow {
  refId: string;
  recordId: string;
  status: string;
  submitCount: number;
  isArchived: boolean;
  lastStatusChangeAt: string;
}

interface AuditRow {
  at: string;
  from: string | null;
  to: string;
  actor: { kind: string; id: string };
  reasonCodes: string[];
  note?: string;
  amlEvidence?: {
    categories: string[];
    nameScore: number;
    score: number;
    verdict: string;
    reasons: string[];
  }[];
}

function renderService(data: ServiceData): string {
  const { service } = data;
  const retention =
    service.retention.mode === "single-event"
      ? `single-event, ends ${service.retention.eventEndDate ?? "?"}`
      : "ongoing";
  const lines = [
    `Service ${service.clientId} (${service.name})`,
    `  plan:               ${service.plan}`,
    `  bot policy:         ${service.botPolicy}${service.advancedBotEnabled ? " (Advanced KYC Bot ordered)" : ""}`,
    `  KYC Bot:            ${data.entitlements.kycBot === false ? "off (profiles wait for the customer)" : "on"}`,
    `  retention:          ${retention}`,
    `  certificates:       ${service.requiredCertificates.join(", ")}`,
    `  attestation:        ${service.attestationValidityDays} days`,
    `  100% AML match:     ${service.amlFullNameMatch === "weigh-evidence" ? "weighed on evidence (date of birth, country)" : "blocked for an operator's audit"}`,
    `  on-chain serviceId: ${service.onchainServiceId ?? "none (no on-chain KYC on this plan)"}`,
  ];
  if (service.amlThresholds !== undefined) {
    lines.push(
      `  AML thresholds:     block >= ${service.amlThresholds.block}, review >= ${service.amlThresholds.review}`,
    );
  }
  if (service.webhookUrl !== undefined) lines.push(`  webhook URL:        ${service.webhookUrl}`);
  const change = data.planChange ?? service.planChange;
  if (change !== undefined) {
    lines.push(
      `  plan change:        ${change.from} -> ${change.to}, ${
        change.completedAt === null ? `in progress at step ${change.step}` : `done ${change.completedAt}`
      } (${change.queued} chain intents queued)`,
    );
  }
  const entitled = Object.entries(data.entitlements)
    .filter(([, on]) => on)
    .map(([name]) => name);
  lines.push(`  entitlements:       ${entitled.join(", ")}`);
  if (data.changed !== undefined) {
    lines.push(data.changed.length === 0 ? "Nothing changed." : `Changed: ${data.changed.join(", ")}`);
  }
  if (data.resumed === true) lines.push("Resumed the plan change recorded earlier.");
  if (data.registration) {
    lines.push(
      `Registered on the registry as service ${data.registration.serviceId} (tx ${data.registration.txHash})`,
    );
  }
  if (data.webhook) lines.push("", renderWebhookSecret(data.webhook));
  if (data.audit !== undefined) {
    lines.push(
      "Operator audit trail:",
      formatTable([
        ["AT", "ACTION", "BY", "DETAILS"],
        ...data.audit.map((entry) => [
          entry.at,
          entry.action,
          entry.actor.id,
          Object.entries(entry.details)
            .map(([name, value]) => `${name}=${value}`)
            .join(" "),
        ]),
      ]),
    );
  }
  return lines.join("\n");
}

function renderWebhookSecret(webhook: IssuedWebhookSecret): string {
  return [
    `Webhook secret for ${webhook.url} (give it to the business over a secure channel; this is audited):`,
    "",
    `  ${webhook.secret}`,
    "",
    ...(webhook.standardWebhooksSecret === undefined
      ? []
      : [`  Standard Webhooks form: ${webhook.standardWebhooksSecret}`, ""]),
    `Each webhook carries ${webhook.signatureHeader}: ${webhook.signature}.`,
    "It also carries webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks).",
    ...(webhook.previousSecretSignsUntil
      ? [
          `The previous secret also signs until ${webhook.previousSecretSignsUntil} (a second webhook-signature`,
          "entry; X-Hub-Signature stays on the previous secret until then): switch the receiver before that.",
        ]
      : []),
    "The business verifies it over the raw body before parsing. `service webhook-secret` shows it again.",
  ].join("\n");
}

function renderWebhookPing(data: { ping: WebhookPingResult }): string {
  const { url, guid, httpStatus, delivered } = data.ping;
  return `Test delivery ${guid} to ${url}: HTTP ${httpStatus} (${delivered ? "accepted" : "not accepted: check the receiver"})`;
}

function keyTable(keys: KeyView[]): string {
  return formatTable([
    ["KEY ID", "SCOPE", "STATE", "CREATED", "BY", "LAST USED", "EXPIRES"],
    ...keys.map((k) => [
      k.keyId,
      k.scope,
      k.state,
      k.createdAt,
      k.createdBy,
      k.lastUsedAt ?? "-",
      k.expiresAt ?? "-",
    ]),
  ]);
}

function renderIssuedKey(data: { apiKey: string; key: KeyView; previous?: KeyView }): string {
  const lines = [
    "API key (shown once: store it now, it cannot be shown again):",
    "",
    `  ${data.apiKey}`,
    "",
    keyTable(data.previous === undefined ? [data.key] : [data.key, data.previous]),
  ];
  if (data.key.usageIdentifier !== undefined) {
    lines.push(
      "",
      `Usage identifier ${data.key.usageIdentifier}: on AWS with per-key throttling, register it in the`,
      `${data.key.scope === "status+identity" ? "status" : data.key.scope} usage plan (docs/api-keys.md, "Rate limits").`,
    );
  }
  return lines.join("\n");
}

function renderProfileList(data: { records: StatusRow[]; cursor?: string | null; more?: string[] }): string {
  if (data.records.length === 0) return "No profiles.";
  const lines = [
    formatTable([
      ["REF ID", "STATUS", "SUBMITS", "ARCHIVED", "LAST STATUS CHANGE"],
      ...data.records.map((r) => [
        r.refId,
        r.status,
        String(r.submitCount),
        r.isArchived ? "yes" : "no",
        r.lastStatusChangeAt,
      ]),
    ]),
  ];
  if (data.cursor) lines.push("", `More: --cursor ${data.cursor}`);
  if (data.more !== undefined && data.more.length > 0) {
    lines.push("", `More in: ${data.more.join(", ")} (list them with --status)`);
  }
  return lines.join("\n");
}

function auditTable(audit: AuditRow[]): string {
  return formatTable([
    ["AT", "FROM", "TO", "ACTOR", "REASONS", "NOTE"],
    ...audit.map((a) => [
      a.at,
      a.from ?? "-",
      a.to,
      `${a.actor.kind}:${a.actor.id}`,
      a.reasonCodes.join(",") || "-",
      a.note ?? "",
    ]),
  ]);
}

/** What the AML screening saw behind each bot decision, for the operator auditing an AML block. */
function amlEvidenceLines(audit: AuditRow[]): string[] {
  const screened = audit.filter((a) => a.amlEvidence !== undefined && a.amlEvidence.length > 0);
  if (screened.length === 0) return [];
  return [
    "AML evidence:",
    formatTable([
      ["AT", "TO", "HIT", "CATEGORIES", "NAME %", "SCORE", "VERDICT", "EVIDENCE"],
      ...screened.flatMap((a) =>
        (a.amlEvidence ?? []).map((e, i) => [
          a.at,
          a.to,
          String(i + 1),
          e.categories.join(",") || "-",
          String(e.nameScore),
          String(e.score),
          e.verdict,
          e.reasons.join(","),
        ]),
      ),
    ]),
  ];
}

interface ProfileShowData {
  profile: Record<string, unknown> & {
    refId: string;
    status: string;
    personalData: unknown;
    audit: AuditRow[];
    amlEvidence?: unknown;
    duplicates?: {
      sharing: { refId: string; status: string; matchedOn: string[] }[];
      originalRefId: string | null;
    };
  };
  onchain: {
    chainId: number;
    serviceId: string;
    verifiedUntil: number;
    txHash: string;
    explorerUrl?: string | null;
  } | null;
}

function duplicateLines(duplicates: NonNullable<ProfileShowData["profile"]["duplicates"]>): string[] {
  const lines = [`Duplicates: ${duplicates.sharing.length === 0 ? "none found" : ""}`.trimEnd()];
  if (duplicates.sharing.length > 0) {
    lines.push(
      formatTable([
        ["REF ID", "STATUS", "SHARES"],
        ...duplicates.sharing.map((d) => [d.refId, d.status, d.matchedOn.join(",")]),
      ]),
    );
  }
  if (duplicates.originalRefId !== null) lines.push(`Blocked as a duplicate of ${duplicates.originalRefId}.`);
  return lines;
}

function renderProfileShow(data: ProfileShowData): string {
  // AML evidence is shown with the audit entries it came from; duplicates get their own table.
  const { personalData, audit, amlEvidence: _evidence, duplicates, ...status } = data.profile;
  const onchain =
    data.onchain === null
      ? "none"
      : `chain ${data.onchain.chainId}, service ${data.onchain.serviceId}, verified until ${
          data.onchain.verifiedUntil === 0
            ? "revoked"
            : new Date(data.onchain.verifiedUntil * 1000).toISOString()
        }, tx ${data.onchain.explorerUrl ?? data.onchain.txHash}`;
  return [
    `Profile ${data.profile.refId}: ${data.profile.status}`,
    formatValue(status, 1),
    "Personal data:",
    formatValue(personalData, 1),
    `On-chain: ${onchain}`,
    ...(duplicates === undefined ? [] : duplicateLines(duplicates)),
    "Audit trail:",
    auditTable(audit),
    ...amlEvidenceLines(audit),
  ].join("\n");
}

function renderOpen(data: ProfileShowData & { changed: boolean }): string {
  const head = data.changed
    ? `${data.profile.refId}: opened, now inreview (you are reviewing it).`
    : `${data.profile.refId} was already inreview: nothing changed.`;
  return `${head}\n${renderProfileShow(data)}`;
}

interface QueueData {
  status: string;
  counts: Record<string, number>;
  records: {
    refId: string;
    since: string;
    ageSeconds: number;
    reasonCodes: string[];
    version: number;
    sla: { dueAt: string; standing: string } | null;
  }[];
  cursor: string | null;
}

/** An age as the largest two units: 3d 4h, 2h 5m, 40s. */
export function formatAge(seconds: number): string {
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  const parts: string[] = [];
  let left = seconds;
  for (const [name, size] of units) {
    const count = Math.floor(left / size);
    if (count > 0 || (parts.length === 0 && size === 1)) parts.push(`${count}${name}`);
    left -= count * size;
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

function renderQueue(data: QueueData): string {
  const counts = Object.entries(data.counts)
    .map(([status, count]) => `${status} ${count}`)
    .join(", ");
  const lines = [`Counts: ${counts}`];
  if (data.records.length === 0) lines.push(`No ${data.status} profiles on this page.`);
  else {
    lines.push(
      formatTable([
        ["REF ID", "SINCE", "AGE", "REASONS", "VERSION", "SLA"],
        ...data.records.map((r) => [
          r.refId,
          r.since,
          formatAge(r.ageSeconds),
          r.reasonCodes.join(",") || "-",
          String(r.version),
          r.sla === null ? "-" : `${r.sla.standing} (due ${r.sla.dueAt})`,
        ]),
      ]),
    );
  }
  if (data.cursor !== null) lines.push("", `More: --cursor ${data.cursor}`);
  return lines.join("\n");
}

function renderAct(data: {
  changed: boolean;
  profile: { refId: string; status: string };
  audit: AuditRow | null;
  dedup: { originalRefId: string | null; blocked: string[] } | null;
}): string {
  if (!data.changed) return `${data.profile.refId} is already ${data.profile.status}: nothing changed.`;
  const lines = [
    `${data.profile.refId}: ${data.audit?.from ?? "?"} -> ${data.audit?.to ?? data.profile.status} by ${
      data.audit === null ? "?" : `${data.audit.actor.kind}:${data.audit.actor.id}`
    } (${data.audit?.reasonCodes.join(",") ?? ""})`,
  ];
  if (data.dedup !== null && data.dedup.blocked.length > 0) {
    lines.push(
      `Deduplication blocked ${data.dedup.blocked.join(", ")} (original: ${data.dedup.originalRefId ?? "-"})`,
    );
  }
  if (data.profile.status !== data.audit?.to) lines.push(`Now ${data.profile.status}.`);
  return lines.join("\n");
}

function renderErase(data: { outcome: string; revoked: boolean; profile: { refId: string } }): string {
  const what = data.outcome === "erased" ? "personal data erased" : "already erased (clean-up repeated)";
  const flag = data.revoked ? "; on-chain flag revocation queued" : "";
  return `${data.profile.refId}: ${what}${flag}.`;
}

function renderJob(data: { job: string; functionName: string; now: string; result: unknown }): string {
  return [
    `Job ${data.job} (${data.functionName}) run with now = ${data.now}:`,
    formatValue(data.result, 1),
  ].join("\n");
}

interface TicketRow {
  ticketId: string;
  requester: string;
  refId: string | null;
  category: string;
  state: string;
  outcome: string | null;
  responseDueAt: string | null;
  breachedAt: string | null;
}

function renderTicketList(data: { clientId: string; tickets: TicketRow[]; cursor: string | null }): string {
  if (data.tickets.length === 0) return `No tickets for ${data.clientId}.`;
  const table = formatTable([
    ["ticket", "requester", "refId", "category", "state", "due", "breached"],
    ...data.tickets.map((t) => [
      t.ticketId,
      t.requester,
      t.refId ?? "-",
      t.category,
      t.outcome === null ? t.state : `${t.state} (${t.outcome})`,
      t.responseDueAt ?? "-",
      t.breachedAt ?? "-",
    ]),
  ]);
  return data.cursor === null ? table : `${table}\nMore: --cursor ${data.cursor}`;
}

const RENDERERS: Readonly<Record<string, Renderer>> = {
  "ticket list": renderTicketList,
  "service create": renderService,
  "service show": renderService,
  "service update": renderService,
  "service change-plan": renderService,
  "service webhook-secret": (data: { webhook: IssuedWebhookSecret }) => renderWebhookSecret(data.webhook),
  "service webhook-rotate": (data: { webhook: IssuedWebhookSecret }) => renderWebhookSecret(data.webhook),
  "service webhook-ping": renderWebhookPing,
  "key create": renderIssuedKey,
  "key rotate": renderIssuedKey,
  "key list": (data: { clientId: string; keys: KeyView[] }) =>
    data.keys.length === 0 ? `No keys for ${data.clientId}.` : keyTable(data.keys),
  "key revoke": (data: { key: KeyView }) =>
    `Key ${data.key.keyId} is ${data.key.state}.\n${keyTable([data.key])}`,
  "profile list": renderProfileList,
  "profile show": renderProfileShow,
  "profile open": renderOpen,
  "profile queue": renderQueue,
  "profile act": renderAct,
  "profile erase": renderErase,
  "job run": renderJob,
  "chain status": renderJob,
  "chain retry": renderJob,
  ...QA_RENDERERS,
};

/** An indented `key: value` outline of any JSON value. */
export function formatValue(value: unknown, depth = 0): string {
  const pad = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}(none)`;
    return value
      .map((item) =>
        isScalar(item) ? `${pad}- ${scalar(item)}` : `${pad}-\n${formatValue(item, depth + 1)}`,
      )
      .join("\n");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return `${pad}(empty)`;
    return entries
      .map(([key, item]) =>
        isScalar(item) || (Array.isArray(item) && item.length === 0)
          ? `${pad}${key}: ${Array.isArray(item) ? "(none)" : scalar(item)}`
          : `${pad}${key}:\n${formatValue(item, depth + 1)}`,
      )
      .join("\n");
  }
  return `${pad}${scalar(value)}`;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

function scalar(value: unknown): string {
  return value === null || value === undefined ? "-" : String(value);
}
