import { formatTable } from "../lib/table.js";

/** The readable forms of the `qa` commands' answers (the ops-qa function's data). */
interface QaItem {
  refId: string;
  status: string;
  decidedAt: string;
  outcome: { outcome: string; note: string; operator: string; at: string } | null;
  current: { status: string; isArchived: boolean; deleted: boolean } | null;
  changedSinceSampled: boolean;
}

interface QaWeek {
  clientId: string;
  week: string;
  weekStart: string;
  weekEnd: string;
  drawnAt: string;
  drawnBy: string;
  population: { approved: number; blocked: number };
  items: QaItem[];
  counts: { sampled: number; reviewed: number; confirmed: number; overturned: number; notReviewed: number };
}

function nowText(item: QaItem): string {
  if (item.current === null) return "no record";
  const marks = [item.current.deleted ? "erased" : null, item.current.isArchived ? "archived" : null];
  const flags = marks.filter((mark) => mark !== null);
  return flags.length === 0 ? item.current.status : `${item.current.status} (${flags.join(", ")})`;
}

function countsLine(counts: QaWeek["counts"]): string {
  return (
    `${counts.sampled} sampled, ${counts.reviewed} reviewed (${counts.confirmed} confirmed, ` +
    `${counts.overturned} overturned), ${counts.notReviewed} not yet reviewed`
  );
}

function renderQaSample(data: QaWeek): string {
  const lines = [
    `${data.clientId} ${data.week} (${data.weekStart} to ${data.weekEnd}), drawn ${data.drawnAt} by ${data.drawnBy}`,
    `Decisions that week: ${data.population.approved} approved, ${data.population.blocked} blocked`,
    "",
  ];
  if (data.items.length === 0) {
    lines.push("No approvals or blocks that week: nothing to review.");
  } else {
    lines.push(
      formatTable([
        ["REF ID", "DECISION", "DECIDED AT", "OUTCOME", "BY", "NOW"],
        ...data.items.map((item) => [
          item.refId,
          item.status,
          item.decidedAt,
          item.outcome?.outcome ?? "-",
          item.outcome?.operator ?? "-",
          nowText(item),
        ]),
      ]),
    );
  }
  lines.push("", countsLine(data.counts));
  return lines.join("\n");
}

/** The operator action that corrects an overturned decision (ops-profile `act`). */
function correctionOf(status: string): string {
  return status === "blocked" ? "unblock" : "reject|block";
}

function renderQaRecord(data: {
  changed: boolean;
  recorded: { refId: string; outcome: string; operator: string; at: string };
  sample: QaWeek;
}): string {
  const { recorded, sample } = data;
  const item = sample.items.find((candidate) => candidate.refId === recorded.refId);
  const lines = [
    data.changed
      ? `${recorded.refId} (${sample.week}): ${recorded.outcome}, recorded by ${recorded.operator}.`
      : `${recorded.refId} (${sample.week}) was already recorded ${recorded.outcome} by ${recorded.operator} at ${recorded.at}: nothing changed.`,
  ];
  if (recorded.outcome === "overturned" && item !== undefined && !item.changedSinceSampled) {
    lines.push(
      `Correct the decision: npm run ops -- profile act --client-id ${sample.clientId} --ref-id ${recorded.refId} ` +
        `--action ${correctionOf(item.status)} --reason "QA ${sample.week}: <why>"`,
    );
  }
  lines.push(countsLine(sample.counts));
  return lines.join("\n");
}

export const QA_RENDERERS: Readonly<Record<string, (data: never) => string>> = {
  "qa sample": renderQaSample,
  "qa record": renderQaRecord,
};
