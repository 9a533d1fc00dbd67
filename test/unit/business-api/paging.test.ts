import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { slicesOf, type StatusCount } from "../../../lambdas/domain/business-api/paging.js";
import { PROFILE_STATUSES } from "../../../lambdas/domain/profile.js";
import { pagingQuery } from "../../../lambdas/shared/business-api-schemas.js";

describe("paging values", () => {
  it("defaults to skip 0 and limit 20", () => {
    expect(pagingQuery.parse({})).toEqual({ skip: 0, limit: 20 });
    expect(pagingQuery.parse({ skip: "40", limit: "100" })).toEqual({ skip: 40, limit: 100 });
  });

  it.each([
    [{ limit: "101" }, /limit must be at most 100/],
    [{ limit: "0" }, /limit must be at least 1/],
    [{ skip: "-1" }, /skip must be a whole number/],
    [{ skip: "1.5" }, /skip must be a whole number/],
    [{ skip: "" }, /skip must be a whole number/],
    [{ limit: "1e2" }, /limit must be a whole number/],
    [{ limit: " 5" }, /limit must be a whole number/],
    [{ skip: "100001" }, /skip must be at most 100000/],
    [{ skip: "99999999999" }, /skip must be a whole number/],
  ])("refuses %j", (query, message) => {
    const parsed = pagingQuery.safeParse(query);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
  });
});

describe("slicesOf", () => {
  const countsArbitrary = fc
    .array(fc.nat({ max: 30 }), { minLength: 1, maxLength: PROFILE_STATUSES.length })
    .map((counts) => counts.map((count, i): StatusCount => ({ status: PROFILE_STATUSES[i]!, count })));

  it("selects exactly the rows skip .. skip+limit of the concatenated partitions", () => {
    fc.assert(
      fc.property(
        countsArbitrary,
        fc.nat({ max: 120 }),
        fc.integer({ min: 1, max: 100 }),
        (counts, skip, limit) => {
          const all = counts.flatMap(({ status, count }) =>
            Array.from({ length: count }, (_, i) => `${status}:${i}`),
          );
          const selected = slicesOf(counts, { skip, limit }).flatMap(({ status, skip: from, take }) =>
            Array.from({ length: take }, (_, i) => `${status}:${from + i}`),
          );
          expect(selected).toEqual(all.slice(skip, skip + limit));
        },
      ),
    );
  });

  it("reads nothing from partitions wholly before the page", () => {
    const counts: StatusCount[] = [
      { status: "incomplete", count: 50 },
      { status: "waiting", count: 10 },
      { status: "approved", count: 40 },
    ];
    expect(slicesOf(counts, { skip: 55, limit: 10 })).toEqual([
      { status: "waiting", skip: 5, take: 5 },
      { status: "approved", skip: 0, take: 5 },
    ]);
  });
});
