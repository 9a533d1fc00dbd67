import { readFile } from "node:fs/promises";
import type { StackInfo } from "../local/stack-info.js";

/** Where the CLI's Invoke requests go and how functions are named there. */
export type InvokeTarget =
  /** The local runtime (or any Invoke-compatible endpoint): functions by their manifest names. */
  | { readonly kind: "endpoint"; readonly endpoint: string; readonly region: string }
  /** AWS with the default credential chain: functions named `kyc-attest-<stage>-<name>` (infra/naming.ts). */
  | {
      readonly kind: "aws";
      readonly stage: string;
      readonly region: string | undefined;
      /** True when chosen only because no local stack was found (no `--stage`, no `.local/stack.json`). */
      readonly fallback?: boolean;
    };

export const DEFAULT_STAGE = "dev";
const LOCAL_REGION = "us-east-1";

export interface TargetChoice {
  readonly endpoint?: string;
  readonly stage?: string;
  readonly region?: string;
}

/**
 * `--endpoint` wins, then `--stage` (AWS); without either, the running local stack's endpoint from
 * `.local/stack.json` when the file exists, else AWS's `dev` stage.
 */
export async function resolveInvokeTarget(
  choice: TargetChoice,
  stackFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InvokeTarget> {
  if (choice.endpoint !== undefined) {
    return {
      kind: "endpoint",
      endpoint: choice.endpoint,
      region: choice.region ?? env.AWS_REGION ?? LOCAL_REGION,
    };
  }
  if (choice.stage === undefined) {
    const stack = await readStackInfo(stackFile);
    if (stack !== null) return { kind: "endpoint", endpoint: stack.lambdaEndpoint, region: stack.region };
  }
  return {
    kind: "aws",
    stage: choice.stage ?? DEFAULT_STAGE,
    region: choice.region ?? env.AWS_REGION,
    fallback: choice.stage === undefined,
  };
}

export function functionNameAt(target: InvokeTarget, manifestName: string): string {
  return target.kind === "endpoint" ? manifestName : `kyc-attest-${target.stage}-${manifestName}`;
}

async function readStackInfo(path: string): Promise<Pick<StackInfo, "lambdaEndpoint" | "region"> | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const info = JSON.parse(text) as Partial<StackInfo>;
  if (typeof info.lambdaEndpoint !== "string") return null;
  return { lambdaEndpoint: info.lambdaEndpoint, region: info.region ?? LOCAL_REGION };
}
