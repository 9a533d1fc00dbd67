import { rejectionNoticeFor, type RejectionNotice } from "../bots/plan-remediation.js";
import type { Service } from "../service.js";
import type { NoticeEvent, NoticeRecord } from "./notice-events.js";

/**
 * Everything a template may show. The user's own given name is the only personal data: no family
 * name, e-mail address, wallet, refId or AML detail ever reaches a message.
 */
export interface NoticeView {
  givenName: string;
  serviceName: string;
  /** Rejections and resubmission requests: what the plan entitles the user to be told. */
  rejection: (Omit<RejectionNotice, "articles"> & { articles: { title: string; url: string }[] }) | null;
  /** Support messages: the ticket and the operator's text (empty when there is none). */
  ticketId: string | null;
  operatorMessage: string;
}

/** Joins a help article's path to the deployment's help-centre URL. */
export function helpArticleUrl(helpCentreUrl: string, path: string): string {
  return new URL(path, helpCentreUrl.endsWith("/") ? helpCentreUrl : `${helpCentreUrl}/`).toString();
}

export function noticeViewOf(
  event: NoticeEvent,
  record: NoticeRecord,
  service: Pick<Service, "name" | "plan">,
  givenName: string,
  helpCentreUrl: string,
): NoticeView {
  const rejects = event === "rejected" || event === "resubmission-requested";
  const notice =
    rejects && record.kind === "user-notification"
      ? rejectionNoticeFor(service.plan, record.reasonCodes)
      : null;
  return {
    givenName,
    serviceName: service.name,
    rejection:
      notice === null
        ? null
        : {
            ...notice,
            articles: notice.articles.map((article) => ({
              title: article.title,
              url: helpArticleUrl(helpCentreUrl, article.path),
            })),
          },
    ticketId: record.kind === "support-notification" ? record.ticketId : null,
    operatorMessage: record.kind === "support-notification" ? record.message : "",
  };
}
