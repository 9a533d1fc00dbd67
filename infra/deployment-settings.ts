import { z } from "zod";
import type { Node } from "constructs";

/**
 * What a deployment needs beyond the topology, read from CDK context (`-c key=value` or cdk.json).
 * Defaults let `cdk synth` run offline (tests, reviews); the chain defaults point at the local Hardhat
 * node and the app warns when a chain-using function is deployed with them.
 */
export interface DeploymentSettings {
  /** Deployment prefix part: resources are named `kyc-attest-<stage>-…`. */
  readonly stage: string;
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly registryAddress: string;
  /** The registry's service id the attester writes flags for. */
  readonly registryServiceId: number;
  /** Receives the alarm notifications (optional: the SNS topic can be subscribed later). */
  readonly alarmEmail: string | undefined;
  readonly logRetentionDays: number;
  /** The FIFO (attester) queue's oldest message may wait this long before the lag alarm fires. */
  readonly attesterLagAlarmSeconds: number;
  /**
   * Keyed routes require an API Gateway API key, named by the authorizer's `usageIdentifierKey`, so each
   * key's usage-plan limit applies. Off by default: every active business key must first be registered
   * in its scope's usage plan (docs/api-keys.md, "Rate limits"), or its requests are refused with 403.
   */
  readonly perKeyThrottling: boolean;
  /**
   * The notifier's sender (`senderEmail`); SES verifies it, or its domain when `senderDomain` is given
   * (Easy DKIM; the domain must contain the address). Defaults let `cdk synth` run offline.
   */
  readonly senderEmail: string;
  readonly senderDomain: string | undefined;
  /** Base URL of the help articles rejection e-mails link to. */
  readonly helpCentreUrl: string;
  /**
   * The console's own host name and its ACM certificate (in us-east-1, as CloudFront requires), from
   * `consoleDomainName` and `consoleCertificateArn`: with them the console requires TLS 1.2; without,
   * it is served on the distribution's `*.cloudfront.net` name.
   */
  readonly consoleDomain: { readonly domainName: string; readonly certificateArn: string } | undefined;
  /**
   * The built console app (`consoleAssetsDir`, relative to the working directory or absolute); by default
   * the manifest's `console.assetsDir` in the repository.
   */
  readonly consoleAssetsDir: string | undefined;
  /** True when the chain values came from the defaults rather than from context. */
  readonly usesLocalChainDefaults: boolean;
}

/** Placeholders for `cdk synth` offline; a deployment gives its own (docs/notifications.md). */
export const MAIL_DEFAULTS = {
  senderEmail: "no-reply@kyc-attest.example",
  helpCentreUrl: "https://help.kyc-attest.example/articles/",
} as const;

export const LOCAL_CHAIN_DEFAULTS = {
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
  // The first contract deployed by Hardhat's default account: where Ignition puts the registry locally.
  registryAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  registryServiceId: 1,
} as const;

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Context values arrive as strings from `-c` and as JSON values from cdk.json. */
const integerFromContext = z.union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)]);
const booleanFromContext = z.union([
  z.boolean(),
  z.enum(["true", "false"]).transform((text) => text === "true"),
]);

const contextSchema = z.object({
  stage: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,11}$/,
      "lower-case letters, digits and dashes, at most 12, starting with a letter",
    )
    .default("dev"),
  rpcUrl: z.url({ protocol: /^(https?|wss?)$/ }).optional(),
  chainId: integerFromContext.pipe(z.number().int().positive()).optional(),
  registryAddress: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, "a 20-byte hex address")
    .optional(),
  registryServiceId: integerFromContext.pipe(z.number().int().positive()).optional(),
  alarmEmail: z.email().optional(),
  logRetentionDays: integerFromContext
    .pipe(
      z
        .number()
        .refine(
          (days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days),
          "a CloudWatch Logs retention",
        ),
    )
    .default(90),
  attesterLagAlarmSeconds: integerFromContext.pipe(z.number().int().min(60)).default(300),
  perKeyThrottling: booleanFromContext.default(false),
  senderEmail: z.email().default(MAIL_DEFAULTS.senderEmail),
  senderDomain: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case domain name")
    .optional(),
  helpCentreUrl: z.url({ protocol: /^https?$/ }).default(MAIL_DEFAULTS.helpCentreUrl),
  consoleAssetsDir: z.string().min(1).optional(),
  consoleDomainName: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case domain name")
    .optional(),
  consoleCertificateArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
      "an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)",
    )
    .optional(),
});

const CONTEXT_KEYS = Object.keys(contextSchema.shape) as (keyof typeof contextSchema.shape)[];

export class DeploymentSettingsError extends Error {
  override readonly name = "DeploymentSettingsError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(`invalid CDK context: ${problems.join("; ")}`, options);
    this.context = { problems };
  }
}

export function readDeploymentSettings(node: Node): DeploymentSettings {
  const raw = Object.fromEntries(CONTEXT_KEYS.map((key) => [key, node.tryGetContext(key) as unknown]));
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new DeploymentSettingsError(problems, { cause: parsed.error });
  }
  const context = parsed.data;
  const chainGiven = [context.rpcUrl, context.chainId, context.registryAddress];
  if (chainGiven.some((value) => value !== undefined) && chainGiven.some((value) => value === undefined)) {
    throw new DeploymentSettingsError(["rpcUrl, chainId and registryAddress go together: give all three"]);
  }
  if (context.senderDomain !== undefined && !context.senderEmail.endsWith(`@${context.senderDomain}`)) {
    throw new DeploymentSettingsError(["senderEmail must be an address of senderDomain"]);
  }
  if ((context.consoleDomainName === undefined) !== (context.consoleCertificateArn === undefined)) {
    throw new DeploymentSettingsError(["consoleDomainName and consoleCertificateArn go together: give both"]);
  }
  return {
    stage: context.stage,
    rpcUrl: context.rpcUrl ?? LOCAL_CHAIN_DEFAULTS.rpcUrl,
    chainId: context.chainId ?? LOCAL_CHAIN_DEFAULTS.chainId,
    registryAddress: context.registryAddress ?? LOCAL_CHAIN_DEFAULTS.registryAddress,
    registryServiceId: context.registryServiceId ?? LOCAL_CHAIN_DEFAULTS.registryServiceId,
    alarmEmail: context.alarmEmail,
    logRetentionDays: context.logRetentionDays,
    attesterLagAlarmSeconds: context.attesterLagAlarmSeconds,
    perKeyThrottling: context.perKeyThrottling,
    senderEmail: context.senderEmail,
    senderDomain: context.senderDomain,
    helpCentreUrl: context.helpCentreUrl,
    consoleAssetsDir: context.consoleAssetsDir,
    consoleDomain:
      context.consoleDomainName === undefined || context.consoleCertificateArn === undefined
        ? undefined
        : { domainName: context.consoleDomainName, certificateArn: context.consoleCertificateArn },
    usesLocalChainDefaults: context.rpcUrl === undefined,
  };
}
