/**
 * How API Gateway applies an authorizer's policy to a request's method ARN: an explicit Deny wins,
 * else an Allow must match, else the request is denied. In resources `*` matches any run of
 * characters (slashes included) and `?` any one character. The local runtime uses this to answer
 * like API Gateway, including for cached policies.
 */
export interface PolicyStatement {
  Effect: string;
  Action?: string | string[];
  Resource: string | string[];
}

export function isInvokeAllowed(
  policyDocument: { Statement: readonly PolicyStatement[] },
  methodArn: string,
): boolean {
  const matching = policyDocument.Statement.filter(
    (statement) =>
      coversInvoke(statement.Action) && toList(statement.Resource).some((r) => arnMatches(r, methodArn)),
  );
  if (matching.some((statement) => statement.Effect === "Deny")) return false;
  return matching.some((statement) => statement.Effect === "Allow");
}

export function arnMatches(pattern: string, arn: string): boolean {
  const source = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "s").test(arn);
}

function coversInvoke(action: string | string[] | undefined): boolean {
  if (action === undefined) return false;
  return toList(action).some(
    (entry) => entry === "*" || entry === "execute-api:*" || entry === "execute-api:Invoke",
  );
}

function toList(value: string | readonly string[]): readonly string[] {
  return typeof value === "string" ? [value] : value;
}
