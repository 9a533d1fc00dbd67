/**
 * Environment variable names derived from the manifest (rather than listed in it), shared by the CDK app
 * and the local runtime so both hand functions the same variables.
 */

/** Where a function finds the name of a function it invokes: `dedup-sweep` → `DEDUP_SWEEP_FUNCTION_NAME`. */
export function invokedFunctionNameEnv(functionName: string): string {
  return `${functionName.replaceAll("-", "_").toUpperCase()}_FUNCTION_NAME`;
}
