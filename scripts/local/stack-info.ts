import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Where the running local stack answers: what `.local/stack.json` holds for tools and scripts. */
export interface StackInfo {
  readonly apiUrl: string;
  /** For `new LambdaClient({ endpoint })` (the operator CLI). */
  readonly lambdaEndpoint: string;
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly registryAddress: string;
  /** The registry service the local deployment attests for. */
  readonly registryServiceId: number;
  readonly attesterAddress: string;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  readonly s3Endpoint: string;
  readonly region: string;
  /** The in-process SMTP server the notifier sends to. */
  readonly smtpUrl: string;
  /** `GET` it for the messages the local mail server caught (JSON). */
  readonly mailUrl: string;
  /** The operator and customer console (sign in as `consoleOperator`, password in docs/console.md). */
  readonly consoleUrl: string;
  readonly consoleOperator: string;
}

export async function writeStackFile(path: string, info: StackInfo): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(info, null, 2)}\n`);
}

/** A stopped stack's file would point tools at dead ports. */
export async function removeStackFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
