import { ScheduleExpressionError } from "./errors.js";

/**
 * EventBridge schedule expressions, the subset the manifest uses: `rate(N minute[s]|hour[s]|day[s])` and
 * `cron(minutes hours day-of-month month day-of-week year)` in UTC with `*`, `?`, numbers, names
 * (JAN–DEC, SUN–SAT), ranges `a-b`, lists `a,b` and steps `*∕n`, `a∕n`, `a-b∕n`. `L`, `W` and `#` are
 * refused rather than misread.
 */
export type Schedule =
  | { readonly kind: "rate"; readonly everyMs: number }
  | {
      readonly kind: "cron";
      readonly minutes: ReadonlySet<number>;
      readonly hours: ReadonlySet<number>;
      /** null: `?` or `*`, any day. */
      readonly daysOfMonth: ReadonlySet<number> | null;
      readonly months: ReadonlySet<number>;
      /** 1 = Sunday … 7 = Saturday, as EventBridge counts; null: `?` or `*`. */
      readonly daysOfWeek: ReadonlySet<number> | null;
      /** null: any year. */
      readonly years: ReadonlySet<number> | null;
    };

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
/** How far ahead `nextFireTime` looks for a matching minute before calling the schedule impossible. */
const SEARCH_YEARS = 10;

export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    if (value < 1) throw new ScheduleExpressionError(expression, "the rate must be a positive integer");
    // EventBridge itself refuses `rate(1 hours)` and `rate(5 hour)`.
    if ((value === 1) !== !unit.endsWith("s")) {
      throw new ScheduleExpressionError(
        expression,
        `use "${value === 1 ? unit.replace(/s$/, "") : `${unit}s`}"`,
      );
    }
    const base = unit.replace(/s$/, "") as keyof typeof UNIT_MS;
    return { kind: "rate", everyMs: value * UNIT_MS[base] };
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) throw new ScheduleExpressionError(expression, "expected rate(...) or cron(...)");
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw new ScheduleExpressionError(expression, "cron needs 6 fields");
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((daysOfMonth === "?") === (daysOfWeek === "?")) {
    throw new ScheduleExpressionError(expression, "exactly one of day-of-month and day-of-week must be ?");
  }
  const field = (text: string, min: number, max: number, names: string[] = []) =>
    parseField(expression, text, min, max, names);
  return {
    kind: "cron",
    minutes: field(minutes, 0, 59) ?? range(0, 59),
    hours: field(hours, 0, 23) ?? range(0, 23),
    daysOfMonth: field(daysOfMonth, 1, 31),
    months: field(months, 1, 12, MONTHS) ?? range(1, 12),
    daysOfWeek: field(daysOfWeek, 1, 7, WEEKDAYS),
    years: field(years, 1970, 2199),
  };
}

/**
 * The first firing strictly after `after`. A rate schedule fires every period counted from `after` (the
 * moment the schedule was created or last fired); a cron schedule fires at the start of matching minutes.
 */
export function nextFireTime(schedule: Schedule, after: Date): Date {
  if (schedule.kind === "rate") return new Date(after.getTime() + schedule.everyMs);
  const candidate = new Date(after.getTime());
  candidate.setUTCSeconds(0, 0);
  candidate.setUTCMinutes(candidate.getUTCMinutes() + 1);
  const limit = after.getUTCFullYear() + SEARCH_YEARS;
  while (candidate.getUTCFullYear() <= limit) {
    if (schedule.years !== null && !schedule.years.has(candidate.getUTCFullYear())) {
      candidate.setUTCFullYear(candidate.getUTCFullYear() + 1, 0, 1);
      candidate.setUTCHours(0, 0, 0, 0);
    } else if (!schedule.months.has(candidate.getUTCMonth() + 1)) {
      candidate.setUTCMonth(candidate.getUTCMonth() + 1, 1);
      candidate.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(schedule, candidate)) {
      candidate.setUTCDate(candidate.getUTCDate() + 1);
      candidate.setUTCHours(0, 0, 0, 0);
    } else if (!schedule.hours.has(candidate.getUTCHours())) {
      candidate.setUTCHours(candidate.getUTCHours() + 1, 0, 0, 0);
    } else if (!schedule.minutes.has(candidate.getUTCMinutes())) {
      candidate.setUTCMinutes(candidate.getUTCMinutes() + 1, 0, 0);
    } else {
      return candidate;
    }
  }
  throw new ScheduleExpressionError("cron(...)", `no firing within ${SEARCH_YEARS} years`);
}

function dayMatches(schedule: Extract<Schedule, { kind: "cron" }>, date: Date): boolean {
  if (schedule.daysOfMonth !== null && !schedule.daysOfMonth.has(date.getUTCDate())) return false;
  if (schedule.daysOfWeek !== null && !schedule.daysOfWeek.has(date.getUTCDay() + 1)) return false;
  return true;
}

/** A cron field as the set of values it allows; null for `*` and `?` (anything). */
function parseField(
  expression: string,
  text: string,
  min: number,
  max: number,
  names: readonly string[],
): ReadonlySet<number> | null {
  if (text === "*" || text === "?") return null;
  if (/[LW#]/i.test(text.replace(new RegExp(names.join("|") || "^$", "gi"), ""))) {
    throw new ScheduleExpressionError(expression, `L, W and # are not supported (${text})`);
  }
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const number = named >= 0 ? named + min : Number(token);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new ScheduleExpressionError(expression, `${token} is outside ${min}-${max}`);
    }
    return number;
  };
  const allowed = new Set<number>();
  for (const part of text.split(",")) {
    const [span, stepText] = part.split("/") as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new ScheduleExpressionError(expression, `bad step in ${part}`);
    let from: number;
    let to: number;
    if (span === "*") {
      [from, to] = [min, max];
    } else if (span.includes("-")) {
      const [start, end] = span.split("-") as [string, string];
      [from, to] = [value(start), value(end)];
      if (from > to) throw new ScheduleExpressionError(expression, `empty range ${span}`);
    } else {
      from = value(span);
      to = stepText === undefined ? from : max;
    }
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return allowed;
}

function range(from: number, to: number): ReadonlySet<number> {
  return new Set(Array.from({ length: to - from + 1 }, (_, i) => from + i));
}
