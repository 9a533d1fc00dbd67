import { Badge } from "../components/badge";
import { formatDue } from "./format";

/** The support ticket's response clock: breached, answered, running (with time left), or none. */
export function TicketClock({
  state,
  responseDueAt,
  respondedAt,
  breachedAt,
}: {
  state: string;
  responseDueAt: string | null;
  respondedAt: string | null;
  breachedAt: string | null;
}) {
  if (breachedAt) return <Badge tone="danger">SLA breached</Badge>;
  if (state === "closed") return <Badge>closed</Badge>;
  if (respondedAt) return <Badge tone="success">answered</Badge>;
  if (!responseDueAt) return <span className="muted">no SLA on this plan</span>;
  const left = Date.parse(responseDueAt) - Date.now();
  return (
    <Badge tone={left < 0 ? "danger" : left < 2 * 3600_000 ? "warning" : "info"} title={responseDueAt}>
      {formatDue(responseDueAt)}
    </Badge>
  );
}
