export { barChartSvg, renderWeeklyReportHtml } from "./report-html.js";
export { median, percentile } from "./percentile.js";
export { isInWeek, reportWeekBefore, reportWeekContaining, type ReportWeek } from "./report-week.js";
export {
  ARCHIVAL_REASON_CODE,
  buildWeeklyReport,
  DUPLICATE_REASON_CODE,
  ERASURE_REASON_CODE,
  type OnchainFlagChange,
  type WeeklyReport,
  type WeeklyReportInput,
} from "./weekly-report.js";
export { runWeeklyReports, type WeeklyReportDeps, type WeeklyReportOutcome } from "./run-weekly-reports.js";
