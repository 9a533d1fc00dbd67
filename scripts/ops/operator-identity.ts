import { userInfo } from "node:os";
import { OperatorCommandError } from "./errors.js";
import type { InvokeTarget } from "./invoke-target.js";

/** Answers the ARN of the AWS principal whose credentials the CLI uses (sts:GetCallerIdentity). */
export type CallerIdentityLookup = (region: string | undefined) => Promise<string>;

/**
 * Who acts, for the audit entries: `OPERATOR` when set; otherwise on AWS the IAM principal's ARN,
 * and locally `local:<OS user>`.
 */
export async function resolveOperator(
  target: InvokeTarget,
  env: NodeJS.ProcessEnv,
  callerIdentity: CallerIdentityLookup,
): Promise<string> {
  const named = env.OPERATOR?.trim();
  if (named !== undefined && named !== "") return named;
  if (target.kind === "endpoint") return `local:${userInfo().username}`;
  try {
    return await callerIdentity(target.region);
  } catch (cause) {
    throw new OperatorCommandError(
      401,
      `cannot tell who you are on AWS (sts:GetCallerIdentity failed: ${(cause as Error).message}); set OPERATOR`,
      {},
      { cause },
    );
  }
}

/** sts:GetCallerIdentity through @aws-sdk/client-sts, loaded only when needed. */
export const stsCallerIdentity: CallerIdentityLookup = async (region) => {
  // A variable specifier: the package is optional for local use (see the report on dependencies).
  const specifier = "@aws-sdk/client-sts";
  const sts = (await import(specifier)) as {
    STSClient: new (config: { region?: string }) => { send(command: unknown): Promise<{ Arn?: string }> };
    GetCallerIdentityCommand: new (input: object) => unknown;
  };
  const client = new sts.STSClient(region === undefined ? {} : { region });
  const { Arn } = await client.send(new sts.GetCallerIdentityCommand({}));
  if (Arn === undefined) throw new Error("no ARN in the answer");
  return Arn;
};
