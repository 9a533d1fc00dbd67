import { describe, expect, it } from "@jest/globals";
import {
  DEFAULT_FAILURE_LIMITS,
  failureSubjectsOf,
  failureWindowAt,
  lockoutOf,
} from "../../../lambdas/domain/api-keys/failure-limiter.js";

const limits = DEFAULT_FAILURE_LIMITS;
const at = (iso: string) => Date.parse(iso);

describe("failed-attempt limiter", () => {
  it("counts in fixed windows aligned on the window length", () => {
    expect(failureWindowAt(at("2026-01-10T10:00:00.000Z"), 60)).toEqual({
      start: 1768039200,
      end: 1768039260,
    });
    expect(failureWindowAt(at("2026-01-10T10:00:59.999Z"), 60)).toEqual({
      start: 1768039200,
      end: 1768039260,
    });
    expect(failureWindowAt(at("2026-01-10T10:01:00.000Z"), 60).start).toBe(1768039260);
  });

  it("locks a key id or a source once it used up its failures, until the window ends", () => {
    const window = failureWindowAt(at("2026-01-10T10:00:00.000Z"), 60);
    const key = { kind: "key", keyId: "abcdefghijk234ab" } as const;
    const source = { kind: "source", address: "203.0.113.10" } as const;
    const now = at("2026-01-10T10:00:45.200Z");
    expect(
      lockoutOf(
        [
          { subject: key, failures: 19 },
          { subject: source, failures: 0 },
        ],
        limits,
        window,
        now,
      ),
    ).toEqual({
      locked: false,
    });
    expect(
      lockoutOf(
        [
          { subject: key, failures: 20 },
          { subject: source, failures: 0 },
        ],
        limits,
        window,
        now,
      ),
    ).toEqual({
      locked: true,
      subject: key,
      retryAfterSeconds: 15,
    });
    expect(lockoutOf([{ subject: source, failures: limits.perKey }], limits, window, now)).toEqual({
      locked: false,
    });
    expect(limits.perSource).toBeGreaterThan(limits.perKey);
    expect(lockoutOf([{ subject: source, failures: limits.perSource }], limits, window, now)).toMatchObject({
      locked: true,
      subject: source,
    });
    expect(
      lockoutOf(
        [{ subject: source, failures: limits.perSource }],
        limits,
        window,
        at("2026-01-10T10:00:59.900Z"),
      ),
    ).toMatchObject({ retryAfterSeconds: 1 });
  });

  it("counts a request under its key id (when it has one) and its source", () => {
    expect(failureSubjectsOf("198.51.100.7", "abcdefghijk234ab")).toEqual([
      { kind: "key", keyId: "abcdefghijk234ab" },
      { kind: "source", address: "198.51.100.7" },
    ]);
    expect(failureSubjectsOf("2001:db8::1", null)).toEqual([{ kind: "source", address: "2001:db8::1" }]);
    expect(failureSubjectsOf("not an address#", null)).toEqual([{ kind: "source", address: "unknown" }]);
    expect(failureSubjectsOf(null, null)).toEqual([{ kind: "source", address: "unknown" }]);
  });
});
