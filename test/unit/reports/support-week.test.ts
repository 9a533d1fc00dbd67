import { describe, expect, it } from "@jest/globals";
import { renderWeeklyReportHtml } from "../../../lambdas/domain/reports/report-html.js";
import { reportWeekContaining } from "../../../lambdas/domain/reports/report-week.js";
import { buildWeeklyReport } from "../../../lambdas/domain/reports/weekly-report.js";
import { supportWeekFigures } from "../../../lambdas/domain/support/support-report.js";
import {
  answerTicket,
  closeTicket,
  openTicket,
  type Ticket,
} from "../../../lambdas/domain/support/ticket.js";

const week = reportWeekContaining("2026-01-07T00:00:00.000Z"); // Monday 5 to Monday 12 January
const none = new Set<string>();

function opened(id: string, at: string, category: Ticket["category"] = "technical"): Ticket {
  return openTicket({
    clientId: "vip",
    plan: "managed-dedicated",
    ticketId: `20260105T000000Z-${id.padStart(16, "0")}`,
    requester: "user",
    refId: `u-${id}`,
    category,
    channel: "email",
    subject: "Help",
    message: "Help me",
    actor: { kind: "operator", id: "op" },
    at,
    holidays: none,
  }).ticket;
}

describe("the weekly report's support side", () => {
  it("counts tickets per category, the SLA met share, first-response working hours, breaches and the backlog", () => {
    // Dedicated: 3 working hours. Answered after 1 h (met), after 5 working hours (missed), one unanswered.
    const met = closeTicket(
      answerTicket(opened("1", "2026-01-05T02:00:00.000Z"), "op", "Done", "2026-01-05T03:00:00.000Z").ticket,
      "op",
      "Closed",
      "2026-01-06T03:00:00.000Z",
    ).ticket;
    const missed = answerTicket(
      opened("2", "2026-01-05T09:00:00.000Z", "kyc-status"),
      "op",
      "Late",
      "2026-01-06T05:00:00.000Z",
    ).ticket;
    const waiting: Ticket = {
      ...opened("3", "2026-01-07T02:00:00.000Z", "aml-remediation"),
      breachedAt: "2026-01-07T05:15:00.000Z",
      events: [
        ...opened("3", "2026-01-07T02:00:00.000Z").events,
        { at: "2026-01-07T05:15:00.000Z", actor: { kind: "system", id: "sla-check" }, type: "breached" },
      ],
    };
    const figures = supportWeekFigures([met, missed, waiting], week, none);
    expect(figures.openedByCategory).toMatchObject({ technical: 1, "kyc-status": 1, "aml-remediation": 1 });
    expect(figures.closedByCategory.technical).toBe(1);
    expect(figures).toMatchObject({
      firstResponses: 2,
      slaMetPercent: 50,
      firstResponseWorkingHours: { median: 3, p90: 5 },
      breaches: 1,
      openBacklog: 2,
    });

    const report = {
      ...buildWeeklyReport({
        clientId: "vip",
        serviceName: "VIP",
        week,
        generatedAt: week.end,
        audit: [],
        onchain: [],
      }),
      support: figures,
    };
    const html = renderWeeklyReportHtml(report);
    expect(html).toContain("Tickets opened by category");
    expect(html).toContain("50 %");
    expect(html).toContain("5 working h");
  });
});
