import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams, useSearch } from "wouter";
import { ACTION_DONE, decide, loadQueue, openProfile } from "../api/profiles";
import { QUEUE_STATUSES, type ProfileAction, type QueueRecord, type QueueStatus } from "../api/types";
import { useResource } from "../api/use-resource";
import { useMe } from "../auth/session";
import { SlaBadge, StatusBadge } from "../components/badge";
import { Button } from "../components/button";
import { Pager } from "../components/pager";
import { DecisionForm } from "../components/decision-form";
import { Dialog } from "../components/dialog";
import { SelectField } from "../components/field";
import { Layout } from "../components/layout";
import { ShortcutHelp } from "../components/shortcut-help";
import { ErrorState, Skeleton } from "../components/states";
import { Table } from "../components/table";
import { useToast } from "../components/toast";
import { formatAge, formatTime } from "../lib/format";
import { rememberQueue } from "../lib/queue-context";
import { useShortcuts } from "../lib/shortcuts";

const TAB_LABELS: Record<QueueStatus, string> = {
  waiting: "Waiting",
  inreview: "In review",
  blocked: "Blocked",
  approved: "Approved (for QA)",
};

/** Reason codes the bots and operators write; the filter also offers every code on the current page. */
const COMMON_REASON_CODES = [
  "AML_MATCH",
  "AML_POTENTIAL_MATCH",
  "AML_REVIEW",
  "DUPLICATE",
  "DOC_NAME_MISMATCH",
  "UNEXPLAINED_CONSIDER",
  "UNKNOWN_CHECK_CODE",
  "CERTIFICATES_COMPLETE",
  "ALL_CLEAR",
  "BOT_NOT_ENTITLED",
  "RESUBMITTED",
];

const SHORTCUTS: [string, string][] = [
  ["j", "select the next row"],
  ["k", "select the previous row"],
  ["Enter", "open the selected profile (puts it in review)"],
  ["a", "approve the selected profile"],
  ["r", "reject the selected profile"],
  ["n", "open the next profile of the queue"],
  ["?", "show this help"],
];

export default function QueuePage() {
  const me = useMe();
  const params = useParams<{ clientId: string; status?: string }>();
  const clientId = params.clientId;
  const statuses: readonly QueueStatus[] = me.role === "operator" ? QUEUE_STATUSES : ["waiting", "inreview"];
  const status = (statuses as readonly string[]).includes(params.status ?? "")
    ? (params.status as QueueStatus)
    : "waiting";
  const search = new URLSearchParams(useSearch());
  const reasonCode = search.get("reasonCode") ?? "";
  const [, navigate] = useLocation();
  const toast = useToast();
  // Paging: the cursors of the pages before this one, so Previous goes back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const queue = useResource(`${clientId}|${status}|${reasonCode}|${cursor ?? ""}`, (signal) =>
    loadQueue(clientId, { status, reasonCode, cursor }, signal),
  );
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);
  const [quick, setQuick] = useState<{ record: QueueRecord; action: ProfileAction } | null>(null);
  const rows = useRef<(HTMLAnchorElement | null)[]>([]);

  useEffect(() => {
    setCursors([null]);
  }, [clientId, status, reasonCode]);

  const records = queue.state === "ready" ? queue.data.records : (queue.data?.records ?? []);
  useEffect(() => {
    setSelected((index) => Math.min(index, Math.max(0, records.length - 1)));
    if (queue.state === "ready") {
      rememberQueue({ clientId, status, reasonCode, refIds: queue.data.records.map((r) => r.refId) });
    }
  }, [queue.state, records.length, clientId, status, reasonCode, queue.data]);

  const profileHref = (refId: string) =>
    `/services/${encodeURIComponent(clientId)}/profiles/${encodeURIComponent(refId)}`;

  async function open(record: QueueRecord | undefined) {
    if (record === undefined) return;
    navigate(profileHref(record.refId));
  }

  function move(step: number) {
    if (records.length === 0) return;
    const index = Math.max(0, Math.min(records.length - 1, selected + step));
    setSelected(index);
    rows.current[index]?.focus();
  }

  const decidable = status === "waiting" || status === "inreview";
  useShortcuts(
    {
      j: () => move(1),
      k: () => move(-1),
      n: () => void open(records[selected] ?? records[0]),
      a: () => {
        const record = records[selected];
        if (record && decidable) setQuick({ record, action: "approve" });
      },
      r: () => {
        const record = records[selected];
        if (record && decidable) setQuick({ record, action: "reject" });
      },
      "?": () => setHelp(true),
    },
    !help && quick === null,
  );

  const codes = [...new Set([...COMMON_REASON_CODES, ...records.flatMap((r) => r.reasonCodes), reasonCode])]
    .filter((code) => code !== "")
    .sort();
  const counts = queue.data?.counts;
  const base = `/services/${encodeURIComponent(clientId)}/queue`;

  return (
    <Layout
      title={`Review queue · ${clientId}`}
      actions={
        <Button variant="ghost" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          Keyboard shortcuts <kbd>?</kbd>
        </Button>
      }
    >
      <nav className="tabs" aria-label="Queue by status">
        <ul>
          {statuses.map((tab) => (
            <li key={tab}>
              <Link
                href={`${base}/${tab}${reasonCode ? `?reasonCode=${encodeURIComponent(reasonCode)}` : ""}`}
                aria-current={tab === status ? "page" : undefined}
              >
                {TAB_LABELS[tab]} <span className="count">{counts ? (counts[tab] ?? 0) : "…"}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="toolbar">
        <SelectField
          label="Reason code"
          value={reasonCode}
          onChange={(event) => {
            const code = event.target.value;
            navigate(`${base}/${status}${code ? `?reasonCode=${encodeURIComponent(code)}` : ""}`);
          }}
        >
          <option value="">Any reason code</option>
          {codes.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </SelectField>
        <p className="muted toolbar-hint">
          Oldest first. <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>a</kbd> approve,{" "}
          <kbd>r</kbd> reject, <kbd>n</kbd> next profile.
        </p>
      </div>
      {queue.state === "error" ? <ErrorState error={queue.error} onRetry={queue.reload} /> : null}
      {queue.state === "loading" && queue.data === null ? (
        <Skeleton lines={8} height={41} label="Loading the queue" />
      ) : null}
      {queue.state !== "error" && queue.data !== null ? (
        <div
          aria-busy={queue.state === "loading"}
          className={queue.state === "loading" ? "stale" : undefined}
        >
          <Table
            caption={`${TAB_LABELS[status]} profiles${reasonCode ? ` with ${reasonCode}` : ""}`}
            captionHidden
            columns={["Profile", "Status", "Age", "Since", "Reason codes", "SLA"]}
            className="queue-table"
          >
            {records.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  No {TAB_LABELS[status].toLowerCase()} profiles{reasonCode ? ` with ${reasonCode}` : ""}.
                </td>
              </tr>
            ) : (
              records.map((record, index) => (
                <tr
                  key={record.refId}
                  className={index === selected ? "row-selected" : undefined}
                  aria-selected={index === selected}
                  onClick={() => setSelected(index)}
                >
                  <th scope="row">
                    <Link
                      href={profileHref(record.refId)}
                      ref={(element: HTMLAnchorElement | null) => {
                        rows.current[index] = element;
                      }}
                      onFocus={() => setSelected(index)}
                    >
                      {record.refId}
                    </Link>
                  </th>
                  <td>
                    <StatusBadge status={record.status} />
                  </td>
                  <td>{formatAge(record.ageSeconds)}</td>
                  <td>{formatTime(record.since)}</td>
                  <td>
                    <span className="codes">
                      {record.reasonCodes.length > 0 ? record.reasonCodes.join(", ") : "—"}
                    </span>
                  </td>
                  <td>
                    {record.sla ? <SlaBadge standing={record.sla.standing} dueAt={record.sla.dueAt} /> : "—"}
                  </td>
                </tr>
              ))
            )}
          </Table>
          <Pager cursors={cursors} setCursors={setCursors} next={queue.data.cursor} />
        </div>
      ) : null}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} shortcuts={SHORTCUTS} />
      <Dialog
        open={quick !== null}
        title={quick ? `${quick.action === "approve" ? "Approve" : "Reject"} ${quick.record.refId}` : ""}
        onClose={() => setQuick(null)}
      >
        {quick ? (
          <DecisionForm
            compact
            actions={[quick.action]}
            action={quick.action}
            onActionChange={() => {}}
            role={me.role}
            version={quick.record.version}
            onReload={() => {
              setQuick(null);
              queue.reload();
            }}
            onSubmit={async (request) => {
              // Deciding from the queue opens the profile first, as a reviewer opening it would.
              let version = request.version;
              if (quick.record.status === "waiting") {
                version = (await openProfile(clientId, quick.record.refId)).version;
              }
              await decide(clientId, quick.record.refId, { ...request, version });
              toast("success", `${quick.record.refId} ${ACTION_DONE[quick.action]}.`);
              setQuick(null);
              queue.reload();
            }}
          />
        ) : null}
      </Dialog>
    </Layout>
  );
}
