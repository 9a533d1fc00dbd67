import { describe, expect, it } from "@jest/globals";
import { ValidationError } from "../../../lambdas/domain/errors.js";
import {
  activeGenerations,
  MAX_ROTATION_OVERLAP_SECONDS,
  rotatedSecretState,
} from "../../../lambdas/domain/webhooks/webhook-secret-generations.js";

const AT = "2026-02-01T10:00:00.000Z";

describe("webhook secret generations", () => {
  it("starts at generation 1 and signs with one secret outside an overlap", () => {
    expect(activeGenerations(undefined, AT)).toEqual({ current: 1, previous: null });
  });

  it("keeps the previous generation signing until the overlap ends, then only the new one", () => {
    const state = rotatedSecretState(undefined, AT, 3600);
    expect(state).toEqual({ generation: 2, previous: { generation: 1, until: "2026-02-01T11:00:00.000Z" } });
    expect(activeGenerations(state, "2026-02-01T10:59:59.999Z")).toEqual({ current: 2, previous: 1 });
    expect(activeGenerations(state, "2026-02-01T11:00:00.000Z")).toEqual({ current: 2, previous: null });
  });

  it("replaces at once without overlap, and a rotation during an overlap drops the oldest secret", () => {
    expect(rotatedSecretState(undefined, AT, 0)).toEqual({ generation: 2 });
    const again = rotatedSecretState(rotatedSecretState(undefined, AT, 3600), AT, 60);
    expect(again).toEqual({ generation: 3, previous: { generation: 2, until: "2026-02-01T10:01:00.000Z" } });
  });

  it("refuses overlaps that are negative, fractional or longer than the maximum", () => {
    for (const overlap of [-1, 1.5, MAX_ROTATION_OVERLAP_SECONDS + 1]) {
      expect(() => rotatedSecretState(undefined, AT, overlap)).toThrow(ValidationError);
    }
  });
});
