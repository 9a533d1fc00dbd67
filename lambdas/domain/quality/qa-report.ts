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
  /** Null when the week has not ended yet (a report run with a future `now`): no sample is drawn. */
  week: QaWeekFigures | null;
  previousWeek: QaWeekFigures | null;
}

/** Who draws a sample the weekly report needs and nobody drew. */
export const REPORT_DRAWER = "weekly-report";

export async function qaReportSection(
  deps: QaDeps,
  input: { clientId: string; week: ReportWeek; previousWeek: ReportWeek },
): Promise<QaReportSection> {
  const now = deps.clock.now();
  const figures = async (week: ReportWeek): Promise<QaWeekFigures | null> =>
    week.end > now ? null : figuresOf(await storedOrDrawn(deps, input.clientId, week.id, REPORT_DRAWER));
  const [week, previousWeek] = await Promise.all([figures(input.week), figures(input.previousWeek)]);
  return { week, previousWeek };
}

function figuresOf(record: QaWeekRecord): QaWeekFigures {
  return { week: record.sample.week, drawnAt: record.sample.drawnAt, ...qaWeekCounts(record) };
}
