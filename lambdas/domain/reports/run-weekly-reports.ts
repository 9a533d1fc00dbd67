import type { AuditEntry } from "../audit.js";
import { NotEntitledError, NotFoundError } from "../errors.js";
import type { Page } from "../ports.js";
import type { QaDeps } from "../quality/ports.js";
import { qaReportSection } from "../quality/qa-report.js";
import { entitlementsOf, type Service } from "../service.js";
import { supportWeekFigures } from "../support/support-report.js";
import type { Ticket } from "../support/ticket.js";
import type { Holidays } from "../support/working-hours.js";
import { deliverWeeklyReport, type ReportDelivery, type ReportDeliveryDeps } from "./report-delivery.js";
import { renderWeeklyReportHtml } from "./report-html.js";
import { reportWeekBefore, type ReportWeek } from "./report-week.js";
import { buildWeeklyReport, type OnchainFlagChange, type WeeklyReport } from "./weekly-report.js";

export interface WeeklyReportDeps {
  services: {
    get(clientId: string): Promise<Service | null>;
    list(cursor: string | null, limit: number): Promise<Page<Service>>;
  };
  activity: {
    changedSince(
      clientId: string,
      since: string,
    ): Promise<{ audit: AuditEntry[]; onchain: OnchainFlagChange[] }>;
  };
  reports: { save(report: WeeklyReport, html: string): Promise<{ jsonKey: string; htmlKey: string }> };
  /** The support desk's tickets and holidays (the report's support side). */
  support?: { ticketsOf(clientId: string): Promise<Ticket[]>; holidays(): Promise<Holidays> };
  /** Quality assurance samples (the report's quality assurance section, `quality/qa-report.ts`). */
  quality?: QaDeps;
  /** Hands the stored report to the customer (`report-delivery.ts`). */
  delivery: ReportDeliveryDeps;
}

export interface WeeklyReportOutcome {
  week: ReportWeek;
  reports: {
    clientId: string;
    jsonKey: string;
    htmlKey: string;
    report: WeeklyReport;
    delivery: ReportDelivery;
  }[];
}

/**
 * Builds and stores the week's report for one service (`clientId`) or for every entitled service, and
 * delivers it to the customer. Re-running replaces the stored objects (the figures depend only on the
 * data and the week) and delivers again under the same event id.
 * Asking for one service whose plan has no weekly report (only managed-dedicated has) is refused.
 */
export async function runWeeklyReports(
  deps: WeeklyReportDeps,
  options: { week: ReportWeek; generatedAt: string; clientId?: string },
): Promise<WeeklyReportOutcome> {
  const outcome: WeeklyReportOutcome = { week: options.week, reports: [] };
  const services =
    options.clientId === undefined ? await allServices(deps) : [await one(deps, options.clientId)];
  for (const service of services) {
    if (!entitlementsOf(service).weeklyReport) {
      if (options.clientId === undefined) continue;
      throw new NotEntitledError(`the ${service.plan} plan has no weekly report (managed-dedicated only)`, {
        context: { clientId: service.clientId, plan: service.plan },
      });
    }
    const activity = await deps.activity.changedSince(service.clientId, options.week.start);
    const report = buildWeeklyReport({
      clientId: service.clientId,
      serviceName: service.name,
      week: options.week,
      generatedAt: options.generatedAt,
      audit: activity.audit,
      onchain: activity.onchain,
    });
    if (deps.support !== undefined) {
      report.support = supportWeekFigures(
        await deps.support.ticketsOf(service.clientId),
        options.week,
        await deps.support.holidays(),
      );
    }
    if (deps.quality !== undefined && entitlementsOf(service).periodicQa) {
      report.qualityAssurance = await qaReportSection(deps.quality, {
        clientId: service.clientId,
        week: options.week,
        previousWeek: reportWeekBefore(options.week.start),
      });
    }
    const keys = await deps.reports.save(report, renderWeeklyReportHtml(report));
    const delivery = await deliverWeeklyReport(deps.delivery, {
      service,
      week: options.week,
      keys,
      generatedAt: options.generatedAt,
    });
    outcome.reports.push({ clientId: service.clientId, ...keys, report, delivery });
  }
  return outcome;
}

async function one(deps: WeeklyReportDeps, clientId: string): Promise<Service> {
  const service = await deps.services.get(clientId);
  if (service === null) throw new NotFoundError(`unknown service ${clientId}`, { context: { clientId } });
  return service;
}

async function allServices(deps: WeeklyReportDeps): Promise<Service[]> {
  const services: Service[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Service> = await deps.services.list(cursor, 100);
    services.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null);
  return services;
}
