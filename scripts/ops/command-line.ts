import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import { QA_COMMANDS } from "./qa-commands.js";

/** Which operator function a command invokes, with what payload; `operator` is filled in by the runner. */
export interface OperatorCommand {
  /** e.g. "profile act": selects the readable rendering. */
  readonly name: string;
  /** The function's manifest name (the local Invoke name; `kyc-attest-<stage>-<name>` in AWS). */
  readonly functionName: string;
  readonly payload: Record<string, unknown>;
  /** The function records who acts: the runner adds `operator` to the payload. */
  readonly needsOperator: boolean;
}

export interface CommandLine {
  readonly command: OperatorCommand | null;
  readonly help: boolean;
  readonly json: boolean;
  readonly endpoint?: string;
  readonly stage?: string;
  readonly region?: string;
}

const OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  endpoint: { type: "string" },
  stage: { type: "string" },
  region: { type: "string" },
  "client-id": { type: "string" },
  name: { type: "string" },
  plan: { type: "string" },
  policy: { type: "string" },
  "custom-policy": { type: "string" },
  retention: { type: "string" },
  "event-end": { type: "string" },
  "advanced-bot": { type: "boolean" },
  "aml-full-match": { type: "string" },
  "webhook-url": { type: "string" },
  "onchain-service-id": { type: "string" },
  scope: { type: "string" },
  "key-id": { type: "string" },
  "overlap-seconds": { type: "string" },
  status: { type: "string" },
  limit: { type: "string" },
  cursor: { type: "string" },
  "ref-id": { type: "string" },
  action: { type: "string" },
  reason: { type: "string" },
  remediation: { type: "string" },
  "expected-version": { type: "string" },
  now: { type: "string" },
  "batch-id": { type: "string" },
  "ticket-id": { type: "string" },
  requester: { type: "string" },
  category: { type: "string" },
  channel: { type: "string" },
  subject: { type: "string" },
  message: { type: "string" },
  assignee: { type: "string" },
  decision: { type: "string" },
  state: { type: "string" },
  date: { type: "string" },
  certificates: { type: "string" },
  "aml-block": { type: "string" },
  "aml-review": { type: "string" },
  "validity-days": { type: "string" },
  "kyc-bot": { type: "boolean" },
  "no-kyc-bot": { type: "boolean" },
  "no-advanced-bot": { type: "boolean" },
  "no-webhook-url": { type: "boolean" },
  week: { type: "string" },
  outcome: { type: "string" },
  note: { type: "string" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

/**
 * Parses `<group> <command> [options]` into the function to invoke and its payload. Checks what the
 * command line alone can tell (missing or unknown options, combinations); the functions validate the
 * values themselves.
 */
export function parseCommandLine(args: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const base = {
    help: values.help === true,
    json: values.json === true,
    ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
    ...(values.stage === undefined ? {} : { stage: values.stage }),
    ...(values.region === undefined ? {} : { region: values.region }),
  };
  if (values.endpoint !== undefined && values.stage !== undefined) {
    throw new UsageError("--endpoint and --stage are alternatives: give one");
  }
  if (base.help || positionals.length === 0) return { ...base, help: true, command: null };
  const [group, verb, ...rest] = positionals;
  const key = `${group} ${verb ?? ""}`.trim();
  const build = COMMANDS[key];
  if (build === undefined) throw new UsageError(`unknown command: ${key}`);
  return { ...base, command: build(new Options(key, values, rest)) };
}

class Options {
  private readonly used = new Set<string>();

  constructor(
    readonly command: string,
    private readonly values: Values,
    readonly positionals: readonly string[],
  ) {}

  /** The positionals after a command's own (e.g. the job name of `job run`) consumed. */
  shifted(): Options {
    return new Options(this.command, this.values, this.positionals.slice(1));
  }

  required(name: keyof Values & string): string {
    const value = this.optional(name);
    if (value === undefined || value === "") throw new UsageError(`${this.command} needs --${name}`);
    return value;
  }

  optional(name: keyof Values & string): string | undefined {
    this.used.add(name);
    const value = this.values[name];
    return typeof value === "string" ? value : undefined;
  }

  flag(name: keyof Values & string): boolean | undefined {
    this.used.add(name);
    const value = this.values[name];
    return typeof value === "boolean" ? value : undefined;
  }

  integer(name: keyof Values & string): number | undefined {
    const text = this.optional(name);
    if (text === undefined) return undefined;
    if (!/^\d{1,9}$/.test(text)) throw new UsageError(`--${name} must be a whole number`);
    return Number(text);
  }

  /** Refuses options the command does not take (a typo must not be silently ignored). */
  done(): void {
    if (this.positionals.length > 0) {
      throw new UsageError(`${this.command}: unexpected argument ${this.positionals[0] ?? ""}`);
    }
    for (const [name, value] of Object.entries(this.values)) {
      if (value !== undefined && !this.used.has(name) && !GLOBAL_OPTIONS.has(name)) {
        throw new UsageError(`${this.command} does not take --${name}`);
      }
    }
  }
}

const GLOBAL_OPTIONS = new Set(["json", "help", "endpoint", "stage", "region"]);

type Builder = (options: Options) => OperatorCommand;

function command(
  options: Options,
  functionName: string,
  payload: Record<string, unknown>,
  needsOperator: boolean,
): OperatorCommand {
  options.done();
  const defined = Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
  return { name: options.command, functionName, payload: defined, needsOperator };
}

function retentionOf(options: Options): Record<string, unknown> | undefined {
  const mode = options.optional("retention");
  const eventEnd = options.optional("event-end");
  if (mode === undefined) {
    if (eventEnd !== undefined) throw new UsageError("--event-end goes with --retention single-event");
    return undefined;
  }
  if (mode === "ongoing") {
    if (eventEnd !== undefined) throw new UsageError("--event-end goes with --retention single-event");
    return { mode };
  }
  if (mode === "single-event") {
    if (eventEnd === undefined) throw new UsageError("--retention single-event needs --event-end <ISO date>");
    return { mode, eventEndDate: eventEnd };
  }
  throw new UsageError("--retention must be ongoing or single-event");
}

function customPolicyOf(options: Options): unknown {
  const text = options.optional("custom-policy");
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(
      '--custom-policy must be JSON: {"actions":{"<CHECK_CODE>":"block"},"maxRejections":3}',
    );
  }
}

function ticketOf(options: Options): { clientId: string; ticketId: string } {
  return { clientId: options.required("client-id"), ticketId: options.required("ticket-id") };
}

/** `--<name>` turns a switch on, `--no-<name>` off; neither: unchanged. */
function switchOf(options: Options, name: "kyc-bot" | "advanced-bot"): boolean | undefined {
  const on = options.flag(name);
  const off = options.flag(`no-${name}`);
  if (on === true && off === true)
    throw new UsageError(`--${name} and --no-${name} are alternatives: give one`);
  return on === true ? true : off === true ? false : undefined;
}

function amlThresholdsOf(options: Options): Record<string, number> | undefined {
  const block = options.optional("aml-block");
  const review = options.optional("aml-review");
  if (block === undefined && review === undefined) return undefined;
  if (block === undefined || review === undefined) {
    throw new UsageError("--aml-block and --aml-review go together (scores 0-100, review <= block)");
  }
  const score = (name: string, text: string) => {
    if (!/^\d{1,3}(\.\d+)?$/.test(text)) throw new UsageError(`--${name} must be a score from 0 to 100`);
    return Number(text);
  };
  return { block: score("aml-block", block), review: score("aml-review", review) };
}

/** The fields of `service update`, named as the function's `changes` (absent: unchanged). */
function serviceChangesOf(options: Options): Record<string, unknown> {
  const certificates = options.optional("certificates");
  const webhookUrl = options.optional("webhook-url");
  const noWebhookUrl = options.flag("no-webhook-url");
  if (webhookUrl !== undefined && noWebhookUrl === true) {
    throw new UsageError("--webhook-url and --no-webhook-url are alternatives: give one");
  }
  const changes = {
    name: options.optional("name"),
    botPolicy: options.optional("policy"),
    customPolicy: customPolicyOf(options),
    requiredCertificates: certificates?.split(",").map((name) => name.trim()),
    amlThresholds: amlThresholdsOf(options),
    attestationValidityDays: options.integer("validity-days"),
    retention: retentionOf(options),
    webhookUrl: noWebhookUrl === true ? null : webhookUrl,
    kycBotEnabled: switchOf(options, "kyc-bot"),
    advancedBotEnabled: switchOf(options, "advanced-bot"),
    amlFullNameMatch: options.optional("aml-full-match"),
  };
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  if (Object.keys(defined).length === 0) {
    throw new UsageError("service update needs at least one setting to change (see --help)");
  }
  return defined;
}

const COMMANDS: Readonly<Record<string, Builder>> = {
  "service create": (o) =>
    command(
      o,
      "ops-service",
      {
        action: "create",
        clientId: o.required("client-id"),
        name: o.required("name"),
        plan: o.required("plan"),
        policy: o.optional("policy"),
        customPolicy: customPolicyOf(o),
        retention: retentionOf(o),
        advancedBot: o.flag("advanced-bot"),
        amlFullNameMatch: o.optional("aml-full-match"),
        webhookUrl: o.optional("webhook-url"),
        onchainServiceId: o.optional("onchain-service-id"),
      },
      true,
    ),
  "service update": (o) =>
    command(
      o,
      "ops-service",
      { action: "update", clientId: o.required("client-id"), changes: serviceChangesOf(o) },
      true,
    ),
  "service change-plan": (o) =>
    command(
      o,
      "ops-service",
      { action: "change-plan", clientId: o.required("client-id"), plan: o.required("plan") },
      true,
    ),
  "service show": (o) =>
    command(o, "ops-service", { action: "show", clientId: o.required("client-id") }, false),
  "service webhook-secret": (o) =>
    command(o, "ops-service", { action: "webhook-secret", clientId: o.required("client-id") }, true),
  "service webhook-rotate": (o) =>
    command(
      o,
      "ops-service",
      {
        action: "webhook-rotate",
        clientId: o.required("client-id"),
        overlapSeconds: o.integer("overlap-seconds"),
      },
      true,
    ),
  "service webhook-ping": (o) =>
    command(o, "ops-service", { action: "webhook-ping", clientId: o.required("client-id") }, true),
  "key create": (o) =>
    command(
      o,
      "ops-api-keys",
      { action: "create", clientId: o.required("client-id"), scope: o.required("scope") },
      true,
    ),
  "key list": (o) => command(o, "ops-api-keys", { action: "list", clientId: o.required("client-id") }, false),
  "key revoke": (o) =>
    command(
      o,
      "ops-api-keys",
      { action: "revoke", clientId: o.required("client-id"), keyId: o.required("key-id") },
      true,
    ),
  "key rotate": (o) =>
    command(
      o,
      "ops-api-keys",
      {
        action: "rotate",
        clientId: o.required("client-id"),
        keyId: o.required("key-id"),
        overlapSeconds: o.integer("overlap-seconds"),
      },
      true,
    ),
  "profile list": (o) =>
    command(
      o,
      "ops-profile",
      {
        action: "list",
        clientId: o.required("client-id"),
        status: o.optional("status"),
        limit: o.integer("limit"),
        cursor: o.optional("cursor"),
      },
      false,
    ),
  "profile queue": (o) =>
    command(
      o,
      "ops-profile",
      {
        action: "queue",
        clientId: o.required("client-id"),
        status: o.required("status"),
        reasonCode: o.optional("reason"),
        limit: o.integer("limit"),
        cursor: o.optional("cursor"),
      },
      false,
    ),
  "profile open": (o) =>
    command(
      o,
      "ops-profile",
      { action: "open", clientId: o.required("client-id"), refId: o.required("ref-id") },
      true,
    ),
  "profile show": (o) =>
    command(
      o,
      "ops-profile",
      { action: "show", clientId: o.required("client-id"), refId: o.required("ref-id") },
      false,
    ),
  "profile act": (o) =>
    command(
      o,
      "ops-profile",
      {
        action: "act",
        clientId: o.required("client-id"),
        refId: o.required("ref-id"),
        decision: o.required("action"),
        reason: o.required("reason"),
        remediation: o.optional("remediation"),
        version: o.integer("expected-version"),
      },
      true,
    ),
  "profile erase": (o) =>
    command(
      o,
      "ops-profile",
      { action: "erase", clientId: o.required("client-id"), refId: o.required("ref-id") },
      true,
    ),
  "ticket list": (o) =>
    command(
      o,
      "ops-support",
      {
        action: "list",
        clientId: o.required("client-id"),
        refId: o.optional("ref-id"),
        state: o.optional("state"),
        limit: o.integer("limit"),
        cursor: o.optional("cursor"),
      },
      false,
    ),
  "ticket show": (o) => command(o, "ops-support", { action: "show", ...ticketOf(o) }, false),
  "ticket open": (o) =>
    command(
      o,
      "ops-support",
      {
        action: "open",
        clientId: o.required("client-id"),
        requester: o.optional("requester"),
        refId: o.optional("ref-id"),
        category: o.required("category"),
        channel: o.required("channel"),
        subject: o.required("subject"),
        message: o.required("message"),
      },
      true,
    ),
  "ticket reply": (o) =>
    command(o, "ops-support", { action: "reply", ...ticketOf(o), message: o.required("message") }, true),
  "ticket close": (o) =>
    command(o, "ops-support", { action: "close", ...ticketOf(o), message: o.required("message") }, true),
  "ticket reopen": (o) =>
    command(o, "ops-support", { action: "reopen", ...ticketOf(o), reason: o.required("reason") }, true),
  "ticket assign": (o) =>
    command(o, "ops-support", { action: "assign", ...ticketOf(o), assignee: o.required("assignee") }, true),
  "ticket confirm-deletion": (o) =>
    command(o, "ops-support", { action: "confirm-deletion", ...ticketOf(o) }, true),
  "ticket edd-decide": (o) =>
    command(
      o,
      "ops-support",
      {
        action: "edd-decide",
        ...ticketOf(o),
        decision: o.required("decision"),
        reason: o.required("reason"),
      },
      true,
    ),
  "holidays list": (o) => command(o, "ops-support", { action: "holidays-list" }, false),
  "holidays add": (o) =>
    command(
      o,
      "ops-support",
      { action: "holiday-add", date: o.required("date"), name: o.required("name") },
      true,
    ),
  "holidays remove": (o) =>
    command(o, "ops-support", { action: "holiday-remove", date: o.required("date") }, true),
  "chain status": (o) => command(o, "ops-jobs", { action: "run", job: "chain-status" }, true),
  "chain retry": (o) =>
    command(o, "ops-jobs", { action: "run", job: "retry-failed", batchId: o.optional("batch-id") }, true),
  "chain resync": (o) => command(o, "ops-jobs", { action: "run", job: "chain-resync" }, true),
  "job run": (o) => {
    const job = o.positionals[0];
    if (job === undefined)
      throw new UsageError("job run needs a job: dedup, archive, reconcile, report or sla-check");
    const options = o.shifted();
    return command(
      options,
      "ops-jobs",
      { action: "run", job, clientId: options.optional("client-id"), now: options.optional("now") },
      true,
    );
  },
  ...Object.fromEntries(
    Object.entries(QA_COMMANDS).map(([name, build]): [string, Builder] => [
      name,
      (o) => {
        const qa = build(o);
        return command(o, qa.functionName, qa.payload, qa.needsOperator);
      },
    ]),
  ),
};
