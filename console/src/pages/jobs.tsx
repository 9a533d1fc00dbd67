import { useState } from "react";
import { ConsoleApiError, enc, get, post } from "../api/client";
import { JOBS, type JobName, type PipelineStatus } from "../api/types";
import { useResource } from "../api/use-resource";
import { Badge } from "../components/badge";
import { Button } from "../components/button";
import { ConfirmDialog } from "../components/dialog";
import { TextField } from "../components/field";
import { Layout } from "../components/layout";
import { ErrorState, Skeleton } from "../components/states";
import { Table } from "../components/table";
import { useToast } from "../components/toast";
import { formatTime } from "../lib/format";

const JOB_TEXT: Record<JobName, { label: string; what: string; perService: boolean }> = {
  dedup: {
    label: "Run deduplication",
    what: "Looks for profiles of the same person across the service and blocks duplicates.",
    perService: true,
  },
  archive: {
    label: "Run archiving",
    what: "Archives the profiles whose retention period ended: their personal data is removed.",
    perService: true,
  },
  reconcile: {
    label: "Reconcile the chain",
    what: "Compares the registry with the decisions and queues the missing attestations.",
    perService: false,
  },
  "retry-failed": {
    label: "Retry parked batches",
    what: "Puts every parked chain batch back on the attester's queue.",
    perService: false,
  },
  "sla-check": {
    label: "Run the support SLA check",
    what: "Marks the support tickets whose response clock ran out.",
    perService: true,
  },
};

type Pending = { job: JobName; batchId?: string };

export default function JobsPage() {
  const chain = useResource("chain", async (signal) => {
    // The chain-status job's answer: `{ job, functionName, now, result }`.
    const answer = await get<{ result: PipelineStatus }>("/chain", signal);
    return answer.result;
  });
  const [pending, setPending] = useState<Pending | null>(null);
  const [clientId, setClientId] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ job: string; result: unknown } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  async function run({ job, batchId }: Pending) {
    setBusy(true);
    setError(null);
    try {
      const scoped = JOB_TEXT[job].perService && clientId.trim() !== "";
      const answer = await post<{ job: string; result: unknown }>(`/jobs/${enc(job)}`, {
        confirm: true,
        ...(scoped ? { clientId: clientId.trim() } : {}),
        ...(batchId ? { batchId } : {}),
      });
      setResult(answer);
      toast("success", `${JOB_TEXT[job].label}: done.`);
      chain.reload();
    } catch (failure) {
      setError(failure instanceof ConsoleApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  return (
    <Layout title="Jobs and chain">
      <section className="card" aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs</h2>
        <div className="toolbar">
          <TextField
            label="Client id (optional)"
            value={clientId}
            onChange={(event) => setClientId(event.target.value)}
            hint="Limits dedup, archive and the SLA check to one service; empty: every service."
          />
        </div>
        <ul className="job-list">
          {JOBS.map((job) => (
            <li key={job}>
              <Button onClick={() => setPending({ job })}>{JOB_TEXT[job].label}</Button>
              <span className="muted">{JOB_TEXT[job].what}</span>
            </li>
          ))}
        </ul>
        {error ? (
          <p className="inline-alert" role="alert">
            {error}
          </p>
        ) : null}
        {result ? (
          <div className="job-result" role="status">
            <h3>Result of {result.job}</h3>
            {/* Focusable: a keyboard user can scroll a long result. */}
            <pre tabIndex={0} role="region" aria-label={`Result of ${result.job}`}>
              {JSON.stringify(result.result, null, 2)}
            </pre>
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="chain-title">
        <div className="card-head">
          <h2 id="chain-title">Chain pipeline</h2>
          <Button variant="ghost" onClick={chain.reload}>
            Refresh
          </Button>
        </div>
        {chain.state === "error" ? <ErrorState error={chain.error} onRetry={chain.reload} /> : null}
        {chain.state === "loading" && chain.data === null ? (
          <Skeleton lines={6} height={32} label="Loading the chain status" />
        ) : null}
        {chain.data !== null && chain.state !== "error" ? (
          <div aria-busy={chain.state === "loading"}>
            <dl className="facts">
              <div>
                <dt>Signer</dt>
                <dd>
                  <code>{chain.data.signer}</code>
                </dd>
              </div>
              <div>
                <dt>Next nonce / chain nonce</dt>
                <dd>
                  {chain.data.nextNonce ?? "—"} / {chain.data.chainNonce}
                </dd>
              </div>
              <div>
                <dt>Registry</dt>
                <dd>
                  {chain.data.registryPaused ? (
                    <Badge tone="danger">paused</Badge>
                  ) : (
                    <Badge tone="success">running</Badge>
                  )}
                </dd>
              </div>
              <div>
                <dt>Nonce gap</dt>
                <dd>
                  {chain.data.nonceGap ? (
                    <Badge tone="danger">
                      chain at {chain.data.nonceGap.chainNonce}, expected {chain.data.nonceGap.expectedNonce}:
                      run chain resync
                    </Badge>
                  ) : (
                    "none"
                  )}
                </dd>
              </div>
            </dl>
            <Table
              caption="Pending transactions"
              columns={["Nonce", "Service", "Kind", "Wallets", "Attempts", "First broadcast", "Mined in"]}
            >
              {chain.data.pending.length === 0 ? (
                <tr>
                  <td colSpan={7} className="empty">
                    No pending transactions.
                  </td>
                </tr>
              ) : (
                chain.data.pending.map((tx) => (
                  <tr key={tx.nonce}>
                    <th scope="row">{tx.nonce}</th>
                    <td>{tx.clientId}</td>
                    <td>{tx.kind}</td>
                    <td>{tx.wallets}</td>
                    <td>{tx.attempts}</td>
                    <td>{formatTime(tx.firstBroadcastAt)}</td>
                    <td>{tx.minedInBlock ?? "not yet"}</td>
                  </tr>
                ))
              )}
            </Table>
            <Table
              caption="Parked batches"
              columns={["Batch", "Service", "Kind", "Reason", "Parked at", "Retry"]}
            >
              {chain.data.failedBatches.length === 0 ? (
                <tr>
                  <td colSpan={6} className="empty">
                    No parked batches.
                  </td>
                </tr>
              ) : (
                chain.data.failedBatches.map((batch) => (
                  <tr key={batch.batchId}>
                    <th scope="row">
                      <code>{batch.batchId}</code>
                    </th>
                    <td>{batch.clientId}</td>
                    <td>{batch.kind}</td>
                    <td>{batch.reason}</td>
                    <td>{formatTime(batch.failedAt)}</td>
                    <td>
                      <Button onClick={() => setPending({ job: "retry-failed", batchId: batch.batchId })}>
                        Retry<span className="sr-only"> batch {batch.batchId}</span>
                      </Button>
                    </td>
                  </tr>
                ))
              )}
            </Table>
          </div>
        ) : null}
      </section>
      <ConfirmDialog
        open={pending !== null}
        title={pending ? `${JOB_TEXT[pending.job].label}?` : ""}
        confirmLabel="Run it"
        busy={busy}
        onConfirm={() => pending && void run(pending)}
        onCancel={() => setPending(null)}
      >
        {pending ? (
          <p>
            {pending.batchId
              ? `Puts batch ${pending.batchId} back on the attester's queue.`
              : JOB_TEXT[pending.job].what}{" "}
            {JOB_TEXT[pending.job].perService
              ? clientId.trim() !== ""
                ? `Service: ${clientId.trim()}.`
                : "Every service."
              : ""}
          </p>
        ) : null}
      </ConfirmDialog>
    </Layout>
  );
}
