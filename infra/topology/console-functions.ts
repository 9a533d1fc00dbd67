import type { FunctionSpec, Topology } from "./types.js";

/**
 * The functions that sign operators in to the console (`needs.consoleSignIn`). A deployment has the
 * console's user pool, hosting and app client exactly when there is at least one.
 */
export function consoleFunctions(topology: Topology): readonly FunctionSpec[] {
  return topology.functions.filter((spec) => spec.needs.consoleSignIn === true);
}

export function deploysConsole(topology: Topology): boolean {
  return consoleFunctions(topology).length > 0;
}
