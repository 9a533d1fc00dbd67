import { describe, expect, it } from "@jest/globals";
import {
  clearedSessionCookie,
  csrfTokenOf,
  sessionCookie,
  sessionTokenOf,
} from "../../../lambdas/shared/console-cookie.js";

describe("the console session cookie", () => {
  const token = "a".repeat(43);

  it("is HttpOnly, SameSite=Strict, scoped to /console, and Secure over HTTPS", () => {
    expect(sessionCookie(token, 60, false)).toBe(
      `kyc_console_session=${token}; Path=/console; Max-Age=60; HttpOnly; SameSite=Strict`,
    );
    expect(sessionCookie(token, 60, true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(true)).toBe(
      "kyc_console_session=deleted; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict; Secure",
    );
  });

  it("reads the session among other cookies, whatever the header's case; odd values are no session", () => {
    expect(sessionTokenOf({ Cookie: `theme=dark; kyc_console_session=${token}; x=1` })).toBe(token);
    expect(sessionTokenOf({ cookie: `kyc_console_session=${token}` })).toBe(token);
    expect(sessionTokenOf({ Cookie: "kyc_console_session=../../etc" })).toBeNull();
    expect(sessionTokenOf({ Cookie: "other=1" })).toBeNull();
    expect(sessionTokenOf(null)).toBeNull();
    expect(csrfTokenOf({ "x-csrf-token": "t" })).toBe("t");
    expect(csrfTokenOf({ "X-CSRF-Token": "" })).toBeNull();
  });
});
