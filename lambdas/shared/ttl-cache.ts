/**
 * Keeps what `load` answered per key for `ttlMs` in the warm execution environment, so a hot read
 * is made once per TTL per environment instead of once per request; a value is at most `ttlMs` old.
 * Concurrent misses for one key share one load (no stampede when an entry expires under load); a
 * failed load is not kept. At most `maxEntries` keys: the oldest entry is dropped first.
 */
export function cachedFor<K, V>(
  load: (key: K) => Promise<V>,
  options: { ttlMs: number; maxEntries: number; now?: () => number },
): (key: K) => Promise<V> {
  const { ttlMs, maxEntries, now = Date.now } = options;
  const entries = new Map<K, { value: Promise<V>; expiresAt: number }>();
  return (key) => {
    const at = now();
    const cached = entries.get(key);
    if (cached !== undefined && cached.expiresAt > at) return cached.value;
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as K);
    const value = load(key);
    const entry = { value, expiresAt: at + ttlMs };
    entries.set(key, entry);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return value;
  };
}
