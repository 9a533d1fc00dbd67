/**
 * What API Gateway does with a Lambda authorizer's answer: check its shape, and evaluate its IAM policy
 * against the request's method ARN (an explicit Deny wins; otherwise an Allow is needed).
 */
export type ContextValue = string | number | boolean;

export interface AuthorizerAnswer {
  readonly principalId: string;
  readonly statements: readonly PolicyStatement[];
  /** Values are strings, numbers or booleans (API Gateway refuses anything else). */
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly usageIdentifierKey: string | null;
}

interface PolicyStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export type PolicyDecision = "allow" | "explicit-deny" | "implicit-deny";

/** The answer, or why API Gateway would call it an authorizer configuration error. */
export function parseAuthorizerAnswer(payload: unknown): AuthorizerAnswer | { invalid: string } {
  if (payload === null || typeof payload !== "object") return { invalid: "the answer is not an object" };
  const { principalId, policyDocument, context, usageIdentifierKey } = payload as Record<string, unknown>;
  if (typeof principalId !== "string" || principalId === "") return { invalid: "principalId is missing" };
  if (policyDocument === null || typeof policyDocument !== "object")
    return { invalid: "policyDocument is missing" };
  const rawStatements = (policyDocument as { Statement?: unknown }).Statement;
  const statementList = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const statements: PolicyStatement[] = [];
  for (const raw of statementList) {
    if (raw === null || typeof raw !== "object") return { invalid: "a policy statement is not an object" };
    const { Effect, Action, Resource } = raw as Record<string, unknown>;
    if (Effect !== "Allow" && Effect !== "Deny") return { invalid: `bad policy Effect ${String(Effect)}` };
    const actions = stringList(Action);
    const resources = stringList(Resource);
    if (actions === null || resources === null) return { invalid: "a statement needs Action and Resource" };
    statements.push({ effect: Effect, actions, resources });
  }
  const contextValues: Record<string, ContextValue> = {};
  if (context !== undefined && context !== null) {
    if (typeof context !== "object" || Array.isArray(context)) return { invalid: "context is not an object" };
    for (const [key, value] of Object.entries(context)) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        return { invalid: `context.${key} must be a string, number or boolean` };
      }
      contextValues[key] = value;
    }
  }
  return {
    principalId,
    statements,
    context: contextValues,
    usageIdentifierKey: typeof usageIdentifierKey === "string" ? usageIdentifierKey : null,
  };
}

function stringList(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string"))
    return value;
  return null;
}

export function evaluatePolicy(answer: AuthorizerAnswer, methodArn: string): PolicyDecision {
  const applies = (statement: PolicyStatement) =>
    // IAM action names are case-insensitive; resources are not.
    statement.actions.some((action) => wildcardMatch(action.toLowerCase(), "execute-api:invoke")) &&
    statement.resources.some((resource) => wildcardMatch(resource, methodArn));
  const matching = answer.statements.filter(applies);
  if (matching.some((statement) => statement.effect === "Deny")) return "explicit-deny";
  return matching.some((statement) => statement.effect === "Allow") ? "allow" : "implicit-deny";
}

/** Compiled patterns: a cached policy is evaluated on every request, its patterns compiled once. */
const compiledPatterns = new Map<string, RegExp>();
const MAX_COMPILED_PATTERNS = 10_000;

/** IAM wildcards: `*` any run of characters, `?` one character; everything else literal. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    compiled = new RegExp(`^${source}$`);
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    compiledPatterns.set(pattern, compiled);
  }
  return compiled.test(value);
}

/**
 * `requestContext.authorizer` of the proxy event: the context values (REST APIs pass them as strings)
 * and the `principalId`.
 */
export function proxyAuthorizerOf(answer: AuthorizerAnswer, latencyMs: number): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(answer.context).map(([key, value]) => [key, String(value)])),
    principalId: answer.principalId,
    integrationLatency: latencyMs,
  };
}
