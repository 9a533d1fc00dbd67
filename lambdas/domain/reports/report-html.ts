import type { QaReportSection, QaWeekFigures } from "../quality/qa-report.js";
import type { SupportWeekFigures } from "../support/support-report.js";
import type { WeeklyReport } from "./weekly-report.js";

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 180;
const CHART_WIDTH = 560;

/** A horizontal bar chart as inline SVG (no scripts, no external assets). */
export function barChartSvg(title: string, bars: ReadonlyArray<readonly [string, number]>): string {
  const max = Math.max(1, ...bars.map(([, value]) => value));
  const plotWidth = CHART_WIDTH - LABEL_WIDTH - 60;
  const height = bars.length * BAR_HEIGHT + 30;
  const rows = bars.map(([label, value], i) => {
    const y = 24 + i * BAR_HEIGHT;
    const width = Math.round((value / max) * plotWidth);
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${width}" height="${BAR_HEIGHT - 6}" fill="#3b6ea5"/>` +
      `<text x="${LABEL_WIDTH + width + 6}" y="${y + 14}">${value}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" ` +
    `width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" ` +
    `font-family="sans-serif" font-size="12">` +
    `<title>${escapeHtml(title)}</title>` +
    `<text x="0" y="14" font-weight="bold">${escapeHtml(title)}</text>${rows.join("")}</svg>`
  );
}

function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "n/a";
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function table(rows: ReadonlyArray<readonly [string, string]>): string {
  const body = rows.map(
    ([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`,
  );
  return `<table>${body.join("")}</table>`;
}

/** The weekly report as a self-contained HTML page with inline SVG charts. */
function hoursText(value: number | null): string {
  return value === null ? "-" : `${value} working h`;
}

/** The support side: tickets per category (charts) and the first-response SLA. */
function supportSection(support: SupportWeekFigures): string {
  const opened = Object.entries(support.openedByCategory);
  const closed = Object.entries(support.closedByCategory);
  return `<h2>User support</h2>
${barChartSvg("Tickets opened by category", opened)}
${barChartSvg("Tickets closed by category", closed)}
${table([
  ["First responses this week", String(support.firstResponses)],
  ["First-response SLA met", support.slaMetPercent === null ? "-" : `${support.slaMetPercent} %`],
  ["Median first response", hoursText(support.firstResponseWorkingHours.median)],
  ["90th percentile first response", hoursText(support.firstResponseWorkingHours.p90)],
  ["SLA breaches", String(support.breaches)],
  ["Open backlog at the week's end", String(support.openBacklog)],
])}`;
}

/** Quality assurance: the week's sample (just drawn) and the review of the week before's. */
function qualitySection(qa: QaReportSection): string {
  const row = (label: string, figures: QaWeekFigures | null): [string, string] =>
    figures === null
      ? [label, "the week has not ended: no sample yet"]
      : [
          `${label} (${figures.week})`,
          `${figures.sampled} sampled, ${figures.reviewed} reviewed (${figures.confirmed} confirmed, ` +
            `${figures.overturned} overturned), ${figures.notReviewed} not yet reviewed`,
        ];
  return `<h2>Quality assurance</h2>
${table([row("This week's sample", qa.week), row("Last week's sample", qa.previousWeek)])}`;
}

export function renderWeeklyReportHtml(report: WeeklyReport): string {
  const statusBars = Object.entries(report.statusChanges);
  const reasonBars = Object.entries(report.botDecisionsByReasonCode).sort((a, b) => b[1] - a[1]);
  const { onchain, timeToDecisionSeconds: timing } = report;
  const title = `${report.serviceName} (${report.clientId}) — week ${report.week.id}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.8rem; text-align: left; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(report.week.start)} to ${escapeHtml(report.week.end)} (UTC), generated ${escapeHtml(report.generatedAt)}.</p>
<h2>Status changes</h2>
${barChartSvg("Status changes this week", statusBars)}
<h2>Profiles by status at the end of the week</h2>
${table(Object.entries(report.profilesByStatus).map(([status, count]) => [status, String(count)]))}
<h2>Bot decisions by reason code</h2>
${reasonBars.length === 0 ? "<p>No bot decisions this week.</p>" : barChartSvg("Bot decisions by reason code", reasonBars)}
<h2>Figures</h2>
${table([
  ["Decisions timed (waiting to decision)", String(timing.decisions)],
  ["Median time to decision", formatSeconds(timing.median)],
  ["95th percentile time to decision", formatSeconds(timing.p95)],
  ["Duplicates blocked", String(report.duplicatesBlocked)],
  ["Archivals", String(report.archivals)],
  ["Erasures", String(report.erasures)],
  ["On-chain flags issued", String(onchain.flagsIssued)],
  ["On-chain flags revoked", String(onchain.flagsRevoked)],
  ["Gas used", onchain.gasUsed ?? "not recorded"],
  ["Transactions without recorded gas", String(onchain.transactionsWithoutGas)],
])}
${report.support === undefined || report.support === null ? "" : supportSection(report.support)}
${report.qualityAssurance === undefined || report.qualityAssurance === null ? "" : qualitySection(report.qualityAssurance)}
</body>
</html>
`;
}
