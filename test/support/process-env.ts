/**
 * Sets variables on process.env (handlers read their configuration from it when first used) and returns
 * the function that puts the previous values back.
 */
export function applyProcessEnv(env: Readonly<Record<string, string>>): () => void {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
