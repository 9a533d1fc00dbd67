import type { ReportWeek } from "../reports/report-week.js";
import type { QaDeps, QaWeekRecord } from "./ports.js";
import type { QaCounts } from "./qa-outcome.js";
import { storedOrDrawn } from "./qa-review.js";
import { qaWeekCounts } from "./qa-view.js";

/** One week's sample in the weekly report: its counts when it was read. */
export interface QaWeekFigures extends QaCounts {
  week: string;
  drawnAt: string;
}

/**
 * The weekly report's quality assurance section. The report's week ends when the report runs, so its
 * sample is drawn then (nobody has reviewed it yet); the previous week's sample was reviewed during
 * the report's week, so its counts show how the review went. The previous week's sample is read, and
 * drawn only if nobody drew it then.
 */
export interface QaReportSection {
  week: QaWeekFigures;
  previousWeek: QaWeekFigures;
}

/** Who draws a sample the weekly report needs and nobody drew. */
export const REPORT_DRAWER = "weekly-report";

export async function qaReportSection(
  deps: QaDeps,
  input: { clientId: string; week: ReportWeek; previousWeek: ReportWeek },
): Promise<QaReportSection> {
  const [week, previousWeek] = await Promise.all(
    [input.week, input.previousWeek].map((w) => storedOrDrawn(deps, input.clientId, w.id, REPORT_DRAWER)),
  );
  return { week: figuresOf(week as QaWeekRecord), previousWeek: figuresOf(previousWeek as QaWeekRecord) };
}

function figuresOf(record: QaWeekRecord): QaWeekFigures {
  return { week: record.sample.week, drawnAt: record.sample.drawnAt, ...qaWeekCounts(record) };
}
