/** A required environment variable is missing: a deployment error, never the caller's fault. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(variable: string) {
    super(`environment variable ${variable} is not set`);
    this.context = { variable };
  }
}

export function requiredEnv(variable: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[variable];
  if (value === undefined || value === "") throw new ConfigurationError(variable);
  return value;
}

export function positiveIntegerEnv(
  variable: string,
  fallback: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigurationError(`${variable} (a positive integer)`);
  return value;
}
