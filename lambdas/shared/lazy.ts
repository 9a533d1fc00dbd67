/**
 * Builds a value on first use and keeps it for the life of the Lambda execution environment
 * (warm invocations reuse clients). A failed build is not cached, so a fixed configuration
 * recovers without a cold start.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | null = null;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
