import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation, useParams } from "wouter";
import { ACTION_DONE, decide, loadProfile, loadQueue, openProfile } from "../api/profiles";
import {
  CUSTOMER_ACTIONS,
  OPERATOR_ACTIONS,
  type AmlEvidence,
  type CertificateView,
  type ProfileAction,
  type QueueStatus,
} from "../api/types";
import type { ProfilePageData } from "../api/profile-view";
import { useResource } from "../api/use-resource";
import { useMe } from "../auth/session";
import { Badge, StatusBadge } from "../components/badge";
import { Button } from "../components/button";
import { DecisionForm } from "../components/decision-form";
import { Layout } from "../components/layout";
import { ShortcutHelp } from "../components/shortcut-help";
import { ErrorState, Skeleton } from "../components/states";
import { Table } from "../components/table";
import { useToast } from "../components/toast";
import { formatTime, shortHash } from "../lib/format";
import { lastQueue } from "../lib/queue-context";
import { useShortcuts } from "../lib/shortcuts";

const SHORTCUTS: [string, string][] = [
  ["a", "choose Approve and go to the reason"],
  ["r", "choose Reject and go to the reason"],
  ["n", "open the next profile of the queue"],
  ["?", "show this help"],
];

/** Loads the profile and, if it is waiting, opens it (waiting → inreview) as the reviewer looks at it. */
async function loadAndOpen(clientId: string, refId: string, signal: AbortSignal): Promise<ProfilePageData> {
  const profile = await loadProfile(clientId, refId, signal);
  if (profile.status !== "waiting") return profile;
  return openProfile(clientId, refId);
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

function availability(profile: ProfilePageData): Partial<Record<ProfileAction, string>> {
  const open = profile.status === "waiting" || profile.status === "inreview";
  const erased = profile.isArchived === true;
  const why = `not possible while the profile is ${profile.status}`;
  return {
    ...(open ? {} : { approve: why, reject: why, "request-resubmission": why }),
    ...(profile.status === "blocked" ? { block: "already blocked" } : { unblock: "only a blocked profile" }),
    ...(erased ? { erase: "already archived or erased" } : {}),
  };
}

function Certificates({ certificates }: { certificates: CertificateView[] }) {
  if (certificates.length === 0) return <p className="muted">No certificates.</p>;
  return (
    <div className="certificates">
      {certificates.map((certificate) => (
        <article key={certificate.name} className="certificate">
          <h3>
            {certificate.name}{" "}
            <Badge tone={certificate.status === "CLEAR" ? "success" : "warning"}>{certificate.status}</Badge>
          </h3>
          {certificate.checks.length > 0 ? (
            <ul className="checks">
              {certificate.checks.map((check, index) => (
                <li key={`${check.code}-${index}`}>
                  <code>{check.code}</code>
                  {check.detail ? `: ${check.detail}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No checks reported.</p>
          )}
          {certificate.amlHits.length > 0 ? (
            <Table
              caption={`AML hits of ${certificate.name}`}
              columns={["Name", "Date of birth", "Country", "Categories"]}
            >
              {certificate.amlHits.map((hit, index) => (
                <tr key={`${hit.name}-${index}`}>
                  <th scope="row">{hit.name}</th>
                  <td>{hit.dob ?? "—"}</td>
                  <td>{hit.country ?? "—"}</td>
                  <td>{hit.categories.join(", ")}</td>
                </tr>
              ))}
            </Table>
          ) : null}
        </article>
      ))}
    </div>
  );
}

function AmlScreening({ evidence }: { evidence: AmlEvidence[] }) {
  return (
    <Table
      caption="AML screening: match scores and evidence"
      columns={["Verdict", "Score", "Name score", "Evidence", "Categories"]}
    >
      {evidence.map((item, index) => (
        <tr key={index}>
          <th scope="row">
            <Badge
              tone={item.verdict === "match" ? "danger" : item.verdict === "review" ? "warning" : "success"}
            >
              {item.verdict}
            </Badge>
          </th>
          <td>{item.score.toFixed(2)}</td>
          <td>{item.nameScore.toFixed(2)}</td>
          <td>
            <span className="codes">{item.reasons.join(", ") || "—"}</span>
          </td>
          <td>{item.categories.join(", ")}</td>
        </tr>
      ))}
    </Table>
  );
}

function expiryOf(onchain: NonNullable<ProfilePageData["onchain"]>): string {
  if (typeof onchain.expiresAt === "string") return formatTime(onchain.expiresAt);
  const seconds = typeof onchain.expiresAt === "number" ? onchain.expiresAt : onchain.verifiedUntil;
  if (seconds === undefined) return "—";
  return seconds === 0 ? "revoked" : formatTime(new Date(seconds * 1000).toISOString());
}

export default function ProfilePage() {
  const me = useMe();
  const { clientId, refId } = useParams<{ clientId: string; refId: string }>();
  const [, navigate] = useLocation();
  const toast = useToast();
  const profile = useResource(`${clientId}|${refId}`, (signal) => loadAndOpen(clientId, refId, signal));
  const actions = me.role === "operator" ? OPERATOR_ACTIONS : CUSTOMER_ACTIONS;
  const [action, setAction] = useState<ProfileAction>("approve");
  const [help, setHelp] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement | null>(null);
  const queue = lastQueue(clientId);
  const queueHref = `/services/${encodeURIComponent(clientId)}/queue/${queue?.status ?? "waiting"}`;

  // The chosen action must be one this profile allows: the first allowed one after loading or a decision.
  const loaded = profile.data;
  useEffect(() => {
    if (loaded === null) return;
    const disabled = availability(loaded);
    setAction((current) =>
      disabled[current] === undefined ? current : (actions.find((a) => disabled[a] === undefined) ?? current),
    );
  }, [loaded, actions]);

  async function nextProfile() {
    const refIds = queue?.refIds ?? [];
    const after = refIds.indexOf(refId);
    let next = after >= 0 ? refIds[after + 1] : undefined;
    if (next === undefined) {
      const status = (queue?.status ?? "waiting") as QueueStatus;
      const page = await loadQueue(clientId, { status, reasonCode: queue?.reasonCode, limit: 25 });
      next = page.records.find((record) => record.refId !== refId)?.refId;
    }
    if (next === undefined) toast("success", "The queue is empty.");
    else navigate(`/services/${encodeURIComponent(clientId)}/profiles/${encodeURIComponent(next)}`);
  }

  function choose(choice: ProfileAction) {
    if (!(actions as readonly string[]).includes(choice)) return;
    setAction(choice);
    reasonRef.current?.focus();
  }

  useShortcuts(
    {
      a: () => choose("approve"),
      r: () => choose("reject"),
      n: () => void nextProfile(),
      "?": () => setHelp(true),
    },
    !help,
  );

  const data = profile.data;
  const personal = data?.personal ?? null;
  const botDecision = data?.audit?.filter((entry) => entry.actor.kind === "bot").at(-1);

  return (
    <Layout
      title={`Profile ${refId}`}
      actions={
        <>
          <Link href={queueHref} className="btn btn-ghost">
            Back to the queue
          </Link>
          <Button variant="ghost" onClick={() => void nextProfile()} aria-keyshortcuts="n">
            Next profile <kbd>n</kbd>
          </Button>
          <Button variant="ghost" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            Shortcuts <kbd>?</kbd>
          </Button>
        </>
      }
    >
      {profile.state === "error" ? <ErrorState error={profile.error} onRetry={profile.reload} /> : null}
      {profile.state === "loading" && data === null ? (
        <div className="profile-grid">
          <div>
            <Skeleton lines={4} height={36} label="Loading the profile" />
            <Skeleton lines={6} height={36} />
          </div>
          <Skeleton lines={5} height={44} />
        </div>
      ) : null}
      {data !== null && profile.state !== "error" ? (
        <div className="profile-grid" aria-busy={profile.state === "loading"}>
          <div className="profile-main">
            <Section title="Summary" id="summary">
              <Facts
                items={[
                  ["Status", <StatusBadge key="s" status={data.status} />],
                  ["Record id", <code key="r">{data.recordId}</code>],
                  ["Version", data.version],
                  ["Submissions", data.submitCount ?? "—"],
                  ["Rejections", data.rejectionCount ?? "—"],
                  ["Waiting since", formatTime(data.dates.waiting)],
                  ["In review since", formatTime(data.dates.inreview)],
                  ["Last change", formatTime(data.dates.lastChange)],
                  ["Archived", data.isArchived ? "yes" : "no"],
                ]}
              />
            </Section>
            <Section title="Reason codes and the bots' decision" id="decision">
              <p>
                Last status change:{" "}
                {data.reasonCodes.length > 0 ? (
                  data.reasonCodes.map((code) => (
                    <Badge
                      key={code}
                      tone={code.startsWith("AML") || code === "DUPLICATE" ? "warning" : "neutral"}
                    >
                      {code}
                    </Badge>
                  ))
                ) : (
                  <span className="muted">no reason codes</span>
                )}
              </p>
              {botDecision ? (
                <p>
                  Bots: <strong>{botDecision.actor.id}</strong> moved it {botDecision.from ?? "—"} →{" "}
                  {botDecision.to} at {formatTime(botDecision.at)} (
                  {botDecision.reasonCodes.join(", ") || "no codes"})
                  {botDecision.note ? `: ${botDecision.note}` : ""}
                </p>
              ) : data.audit !== undefined ? (
                <p className="muted">No bot decision: the bots left this profile for a person.</p>
              ) : null}
              {data.amlEvidence.length > 0 ? <AmlScreening evidence={data.amlEvidence} /> : null}
            </Section>
            <Section title="Identity and documents" id="identity">
              {personal === null ? (
                <p className="muted">
                  No personal data: this plan keeps identity data off the console, or it was erased.
                </p>
              ) : (
                <>
                  <Facts
                    items={[
                      ...personal.identityPairs,
                      ["Wallet", personal.wallet ? <code key="w">{personal.wallet}</code> : "—"],
                      ["IP country", personal.ipCountry ?? "—"],
                    ]}
                  />
                  {personal.documents.length > 0 ? (
                    <Table caption="Documents" columns={["Type", "Number", "Country"]}>
                      {personal.documents.map((document, index) => (
                        <tr key={index}>
                          <th scope="row">{document.type}</th>
                          <td>{document.number}</td>
                          <td>{document.country}</td>
                        </tr>
                      ))}
                    </Table>
                  ) : (
                    <p className="muted">No documents.</p>
                  )}
                </>
              )}
            </Section>
            <Section title="Certificates, checks and AML hits" id="certificates">
              {personal !== null ? (
                <Certificates certificates={personal.certificates} />
              ) : (
                <p className="muted">Not shown on this plan.</p>
              )}
            </Section>
            {data.duplicates !== undefined ? (
              <Section title="Duplicates" id="duplicates">
                {data.duplicates.length === 0 ? (
                  <p className="muted">No duplicates found.</p>
                ) : (
                  <ul className="inline-links">
                    {data.duplicates.map((duplicate) => (
                      <li key={duplicate.refId}>
                        <Link
                          href={`/services/${encodeURIComponent(clientId)}/profiles/${encodeURIComponent(duplicate.refId)}`}
                        >
                          {duplicate.refId}
                        </Link>{" "}
                        {duplicate.status ? <StatusBadge status={duplicate.status} /> : null}
                        {duplicate.original ? <Badge tone="warning">original of this duplicate</Badge> : null}
                        {duplicate.matchedOn.length > 0 ? (
                          <span className="muted"> shares: {duplicate.matchedOn.join(", ")}</span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
              </Section>
            ) : null}
            {data.onchain !== undefined ? (
              <Section title="On-chain record" id="onchain">
                {data.onchain === null ? (
                  <p className="muted">No on-chain record.</p>
                ) : (
                  <Facts
                    items={[
                      [
                        "Transaction",
                        data.onchain.explorerUrl ? (
                          <a key="tx" href={data.onchain.explorerUrl} target="_blank" rel="noreferrer">
                            {shortHash(data.onchain.txHash)}
                            <span className="sr-only"> (opens the explorer in a new tab)</span>
                          </a>
                        ) : (
                          <code key="tx" title={data.onchain.txHash}>
                            {shortHash(data.onchain.txHash)}
                          </code>
                        ),
                      ],
                      ["Expires", expiryOf(data.onchain)],
                      ["Chain id", data.onchain.chainId ?? "—"],
                      [
                        "Registry",
                        data.onchain.registry ? (
                          <code key="reg">{shortHash(String(data.onchain.registry))}</code>
                        ) : (
                          "—"
                        ),
                      ],
                    ]}
                  />
                )}
              </Section>
            ) : null}
            {data.audit !== undefined ? (
              <Section title="Audit trail" id="audit">
                <Table
                  caption="Every status change, oldest first"
                  captionHidden
                  columns={["When", "Who", "Change", "Reason codes", "Note"]}
                >
                  {data.audit.map((entry, index) => (
                    <tr key={`${entry.at}-${index}`}>
                      <th scope="row">{formatTime(entry.at)}</th>
                      <td>
                        {entry.actor.kind}: {entry.actor.id}
                      </td>
                      <td>
                        {entry.from ?? "—"} → {entry.to}
                      </td>
                      <td>
                        <span className="codes">{entry.reasonCodes.join(", ") || "—"}</span>
                      </td>
                      <td>{entry.note ?? ""}</td>
                    </tr>
                  ))}
                </Table>
              </Section>
            ) : null}
          </div>
          <aside className="profile-actions card" aria-labelledby="actions-title">
            <h2 id="actions-title">Decision</h2>
            <DecisionForm
              key={`${refId}-${data.version}`}
              actions={actions}
              disabled={availability(data)}
              action={action}
              onActionChange={setAction}
              role={me.role}
              version={data.version}
              reasonRef={reasonRef}
              onReload={profile.reload}
              onSubmit={async (request) => {
                await decide(clientId, refId, request);
                toast("success", `${refId} ${ACTION_DONE[request.action]}.`);
                profile.reload();
              }}
            />
          </aside>
        </div>
      ) : null}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} shortcuts={SHORTCUTS} />
    </Layout>
  );
}
