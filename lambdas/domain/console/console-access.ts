import type { ConsolePrincipal } from "./console-principal.js";
import { ConsoleAccessDeniedError } from "./errors.js";

/**
 * A customer reviewer reaches its own service only. Operators reach every service; each request's
 * use case then applies the plan's gating (operators work managed plans only), as for the CLI.
 */
export function requireServiceAccess(principal: ConsolePrincipal, clientId: string): void {
  if (principal.role === "customer" && principal.clientId !== clientId) {
    throw new ConsoleAccessDeniedError("this console session belongs to another service");
  }
}

/** The audit, QA, job, chain and support pages are operators' work. */
export function requireOperator(
  principal: ConsolePrincipal,
): asserts principal is Extract<ConsolePrincipal, { role: "operator" }> {
  if (principal.role !== "operator") {
    throw new ConsoleAccessDeniedError("only operators may open this page");
  }
}
