import { describe, expect, it } from "@jest/globals";
import { cachedFor } from "../../../lambdas/shared/ttl-cache.js";

/** A load that counts its calls per key and answers `<key>@<call number>`. */
function countingLoad() {
  const calls = new Map<string, number>();
  const load = async (key: string) => {
    const call = (calls.get(key) ?? 0) + 1;
    calls.set(key, call);
    return `${key}@${call}`;
  };
  return { load, calls };
}

describe("cachedFor", () => {
  it("answers from the cache within the TTL and loads again once it has passed", async () => {
    let now = 1_000;
    const { load, calls } = countingLoad();
    const get = cachedFor(load, { ttlMs: 10_000, maxEntries: 10, now: () => now });
    expect(await get("acme")).toBe("acme@1");
    now += 9_999;
    expect(await get("acme")).toBe("acme@1");
    now += 1;
    expect(await get("acme")).toBe("acme@2");
    expect(calls.get("acme")).toBe(2);
  });

  it("keeps keys apart", async () => {
    const { load } = countingLoad();
    const get = cachedFor(load, { ttlMs: 10_000, maxEntries: 10, now: () => 0 });
    expect([await get("acme"), await get("globex"), await get("acme")]).toEqual([
      "acme@1",
      "globex@1",
      "acme@1",
    ]);
  });

  it("shares one load between concurrent misses", async () => {
    let release: (value: string) => void = () => undefined;
    let loads = 0;
    const get = cachedFor(
      () => {
        loads += 1;
        return new Promise<string>((resolve) => (release = resolve));
      },
      { ttlMs: 10_000, maxEntries: 10, now: () => 0 },
    );
    const pending = [get("acme"), get("acme"), get("acme")];
    release("value");
    expect(await Promise.all(pending)).toEqual(["value", "value", "value"]);
    expect(loads).toBe(1);
  });

  it("does not keep a failed load: the next call tries again", async () => {
    let fail = true;
    const get = cachedFor(
      async (key: string) => {
        if (fail) throw new Error("throttled");
        return key;
      },
      { ttlMs: 10_000, maxEntries: 10, now: () => 0 },
    );
    await expect(get("acme")).rejects.toThrow("throttled");
    fail = false;
    expect(await get("acme")).toBe("acme");
  });

  it("drops the oldest entry beyond maxEntries", async () => {
    const { load, calls } = countingLoad();
    const get = cachedFor(load, { ttlMs: 10_000, maxEntries: 2, now: () => 0 });
    await get("a");
    await get("b");
    await get("c");
    expect(await get("b")).toBe("b@1");
    expect(await get("a")).toBe("a@2");
    expect(calls.get("a")).toBe(2);
  });
});
