import type { QaReportSection } from "../quality/qa-report.js";
import type { SupportWeekFigures } from "../support/support-report.js";
import type { AuditEntry } from "../audit.js";
import type { ProfileStatus } from "../profile.js";
import { PROFILE_STATUSES } from "../profile.js";
import { median, percentile } from "./percentile.js";
import { isInWeek, type ReportWeek } from "./report-week.js";

/** Reason codes the archival job and the erasure use case put on their audit entries. */
export const ARCHIVAL_REASON_CODE = "ARCHIVED";
export const ERASURE_REASON_CODE = "ERASED";
export const DUPLICATE_REASON_CODE = "DUPLICATE";

const DECISION_STATUSES: ReadonlySet<ProfileStatus> = new Set(["approved", "rejected", "blocked"]);

/** A profile's on-chain flag as last confirmed (issued when `verifiedUntil` > 0, else revoked). */
export interface OnchainFlagChange {
  refId: string;
  verifiedUntil: number;
  txHash: string;
  confirmedAt: string;
  /** Gas used by the transaction, decimal string; null when the pipeline did not record it. */
  gasUsed: string | null;
}

export interface WeeklyReportInput {
  clientId: string;
  serviceName: string;
  week: ReportWeek;
  generatedAt: string;
  /** Complete audit trails of the profiles that changed during the week (earlier entries included). */
  audit: readonly AuditEntry[];
  /** On-chain records of those profiles. */
  onchain: readonly OnchainFlagChange[];
}

export interface WeeklyReport {
  clientId: string;
  serviceName: string;
  week: ReportWeek;
  generatedAt: string;
  /** Status at the week's end of every profile that changed during the week. */
  profilesByStatus: Record<ProfileStatus, number>;
  /** How many times each status was entered during the week. */
  statusChanges: Record<ProfileStatus, number>;
  /** Reason codes of the bots' decisions during the week. */
  botDecisionsByReasonCode: Record<string, number>;
  /** From entering `waiting` to the decision (approved, rejected, blocked), decisions of the week. */
  timeToDecisionSeconds: { decisions: number; median: number | null; p95: number | null };
  duplicatesBlocked: number;
  archivals: number;
  erasures: number;
  onchain: {
    flagsIssued: number;
    flagsRevoked: number;
    /** Total gas of the week's flag transactions; null when no transaction recorded its gas. */
    gasUsed: string | null;
    /** Transactions whose gas is unknown (not counted in `gasUsed`). */
    transactionsWithoutGas: number;
  };
  /** The support side (tickets of the service); absent where support data was not read. */
  support?: SupportWeekFigures | null;
  /** Quality assurance samples of this week and the week before; absent where QA data was not read. */
  qualityAssurance?: QaReportSection | null;
}

function zeroByStatus(): Record<ProfileStatus, number> {
  return Object.fromEntries(PROFILE_STATUSES.map((status) => [status, 0])) as Record<ProfileStatus, number>;
}

function groupByProfile(entries: readonly AuditEntry[]): AuditEntry[][] {
  const byProfile = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const list = byProfile.get(entry.refId) ?? [];
    list.push(entry);
    byProfile.set(entry.refId, list);
  }
  return [...byProfile.values()].map((list) => list.sort((a, b) => a.profileVersion - b.profileVersion));
}

/** The week's figures for one service, from audit trails and on-chain records. Pure. */
export function buildWeeklyReport(input: WeeklyReportInput): WeeklyReport {
  const { week } = input;
  const profilesByStatus = zeroByStatus();
  const statusChanges = zeroByStatus();
  const botDecisionsByReasonCode: Record<string, number> = {};
  const decisionSeconds: number[] = [];
  let duplicatesBlocked = 0;
  let archivals = 0;
  let erasures = 0;

  for (const trail of groupByProfile(input.audit)) {
    let waitingSince: string | null = null;
    let statusAtEnd: ProfileStatus | null = null;
    let changedInWeek = false;
    for (const entry of trail) {
      if (entry.at >= week.end) break;
      const inWeek = isInWeek(week, entry.at);
      const statusChanged = entry.from !== entry.to;
      if (inWeek && entry.reasonCodes.includes(ARCHIVAL_REASON_CODE)) archivals += 1;
      if (inWeek && entry.reasonCodes.includes(ERASURE_REASON_CODE)) erasures += 1;
      if (statusChanged) {
        statusAtEnd = entry.to;
        if (inWeek) {
          changedInWeek = true;
          statusChanges[entry.to] += 1;
          if (entry.actor.kind === "bot") {
            for (const code of entry.reasonCodes) {
              botDecisionsByReasonCode[code] = (botDecisionsByReasonCode[code] ?? 0) + 1;
            }
          }
          if (entry.to === "blocked" && entry.reasonCodes.includes(DUPLICATE_REASON_CODE)) {
            duplicatesBlocked += 1;
          }
        }
        if (entry.to === "waiting") {
          waitingSince = entry.at;
        } else if (DECISION_STATUSES.has(entry.to) && waitingSince !== null) {
          if (inWeek) decisionSeconds.push((Date.parse(entry.at) - Date.parse(waitingSince)) / 1000);
          waitingSince = null;
        }
      }
    }
    if (changedInWeek && statusAtEnd !== null) profilesByStatus[statusAtEnd] += 1;
  }

  return {
    clientId: input.clientId,
    serviceName: input.serviceName,
    week,
    generatedAt: input.generatedAt,
    profilesByStatus,
    statusChanges,
    botDecisionsByReasonCode,
    timeToDecisionSeconds: {
      decisions: decisionSeconds.length,
      median: median(decisionSeconds),
      p95: percentile(decisionSeconds, 95),
    },
    duplicatesBlocked,
    archivals,
    erasures,
    onchain: onchainFigures(input.onchain.filter((change) => isInWeek(week, change.confirmedAt))),
  };
}

function onchainFigures(changes: readonly OnchainFlagChange[]): WeeklyReport["onchain"] {
  const gasByTx = new Map<string, string | null>();
  for (const change of changes) gasByTx.set(change.txHash, change.gasUsed);
  let gasUsed = 0n;
  let known = 0;
  for (const gas of gasByTx.values()) {
    if (gas === null) continue;
    gasUsed += BigInt(gas);
    known += 1;
  }
  return {
    flagsIssued: changes.filter((change) => change.verifiedUntil > 0).length,
    flagsRevoked: changes.filter((change) => change.verifiedUntil === 0).length,
    gasUsed: known === 0 ? null : gasUsed.toString(),
    transactionsWithoutGas: gasByTx.size - known,
  };
}
