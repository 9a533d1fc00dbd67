import { describe, expect, it } from "@jest/globals";
import { FileTemplateRenderer } from "../../../lambdas/adapters/notifications/file-template-renderer.js";
import { archivedProfileOf, erasedProfileOf } from "../../../lambdas/domain/retention/scrub.js";
import {
  NOTICE_EVENTS,
  NOTICE_LANGUAGES,
  noticeEventOf,
} from "../../../lambdas/domain/notifications/notice-events.js";
import { noticeViewOf } from "../../../lambdas/domain/notifications/notice-view.js";
import type { UserNotificationOutboxRecord } from "../../../lambdas/domain/outbox.js";
import { aProfile, aService, T0 } from "../../support/domain-builders.js";

const record = (overrides: Partial<UserNotificationOutboxRecord> = {}): UserNotificationOutboxRecord => ({
  id: "n1",
  kind: "user-notification",
  clientId: "acme",
  refId: "user-1",
  status: "rejected",
  reasonCodes: ["DOC_EXPIRED"],
  message: "m",
  at: T0,
  profileVersion: 3,
  ...overrides,
});

describe("notice templates", () => {
  const renderer = new FileTemplateRenderer();

  it.each(NOTICE_LANGUAGES.flatMap((language) => NOTICE_EVENTS.map((event) => [language, event] as const)))(
    "%s/%s renders a subject, a text and an HTML body with the given name only",
    async (language, event) => {
      const view = noticeViewOf(
        event,
        record(),
        aService({ name: "Acme & Co" }),
        "<Ana>",
        "https://help.example.org/",
      );
      const rendered = await renderer.render(event, language, view);
      expect(rendered.subject.length).toBeGreaterThan(5);
      expect(rendered.subject).not.toContain("\n");
      expect(rendered.text).toContain("Hello <Ana>,");
      // HTML escapes what it shows.
      expect(rendered.html).toContain("Hello &lt;Ana&gt;,");
      expect(rendered.html).toContain("Acme &amp; Co");
      expect(rendered.text).not.toContain("{{");
      expect(rendered.html).not.toContain("{{");
    },
  );
});

describe("which event a record is e-mailed as", () => {
  it("tells a bot's rejection from an operator's request to resubmit; waiting is not e-mailed", () => {
    expect(noticeEventOf(record())).toBe("rejected");
    expect(noticeEventOf(record({ decidedBy: "operator" }))).toBe("resubmission-requested");
    expect(noticeEventOf(record({ status: "approved" }))).toBe("approved");
    expect(noticeEventOf(record({ status: "blocked" }))).toBe("blocked");
    expect(noticeEventOf(record({ status: "waiting" }))).toBeNull();
  });
});

describe("the user's e-mail address under retention", () => {
  const withEmail = aProfile({
    identity: {
      givenName: "Ana",
      familyName: "Pereira",
      dob: "1990-04-01",
      nationality: "PT",
      email: "ana@example.com",
    },
  });

  it("is removed by archival and by erasure with the rest of the identity", () => {
    expect(JSON.stringify(archivedProfileOf(withEmail, T0))).not.toContain("ana@example.com");
    expect(JSON.stringify(erasedProfileOf(withEmail, T0))).not.toContain("ana@example.com");
  });
});
