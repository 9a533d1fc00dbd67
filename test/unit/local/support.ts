import { fileURLToPath } from "node:url";
import type { FunctionSpec, Trigger } from "../../../infra/topology/types.js";

export const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** A manifest function whose handler is one of the fixtures in ./fixtures. */
export function fixtureFunction(
  name: string,
  fixture: string,
  overrides: Partial<Omit<FunctionSpec, "name" | "entry">> & { triggers?: readonly Trigger[] } = {},
): FunctionSpec {
  return {
    name,
    description: `fixture ${fixture}`,
    entry: `test/unit/local/fixtures/${fixture}.ts`,
    memoryMb: 256,
    timeoutSeconds: 5,
    needs: {},
    triggers: [],
    ...overrides,
  };
}
