import type { ReactNode } from "react";

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";

/** A short label with a tone; the text itself carries the meaning, colour only repeats it. */
export function Badge({
  tone = "neutral",
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const STATUS_TONES: Record<string, Tone> = {
  waiting: "info",
  inreview: "warning",
  approved: "success",
  rejected: "danger",
  blocked: "danger",
  incomplete: "neutral",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? "neutral"}>{status}</Badge>;
}

const SLA_TONES: Record<string, Tone> = { "on-time": "success", "at-risk": "warning", breached: "danger" };

export function SlaBadge({ standing, dueAt }: { standing: string; dueAt?: string | null }) {
  return (
    <Badge
      tone={SLA_TONES[standing] ?? "neutral"}
      title={dueAt ? `due ${new Date(dueAt).toLocaleString()}` : undefined}
    >
      SLA {standing}
    </Badge>
  );
}
