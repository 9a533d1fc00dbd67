import { useState, type FormEvent } from "react";
import { Link, useLocation, useParams, useSearch } from "wouter";
import { ConsoleApiError, enc, get, post } from "../api/client";
import type { QaItem, QaSample } from "../api/types";
import { useResource } from "../api/use-resource";
import { StatusBadge, Badge } from "../components/badge";
import { Button } from "../components/button";
import { SelectField, TextField } from "../components/field";
import { Layout } from "../components/layout";
import { ErrorState, Skeleton } from "../components/states";
import { Table } from "../components/table";
import { useToast } from "../components/toast";
import { formatTime, isoWeek } from "../lib/format";

function OutcomeForm({
  clientId,
  week,
  item,
  onSaved,
}: {
  clientId: string;
  week: string;
  item: QaItem;
  onSaved: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const note = String(form.get("note") ?? "").trim();
    if (note === "") {
      setError("Say what the re-review found.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post(`/services/${enc(clientId)}/qa/${enc(item.refId)}`, {
        week,
        outcome: form.get("outcome"),
        note,
      });
      toast("success", `QA outcome recorded for ${item.refId}.`);
      onSaved();
    } catch (failure) {
      setError(failure instanceof ConsoleApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="qa-form" onSubmit={(event) => void submit(event)} noValidate>
      <SelectField label={`Outcome for ${item.refId}`} name="outcome" defaultValue="confirmed">
        <option value="confirmed">Confirmed</option>
        <option value="overturned">Overturned</option>
      </SelectField>
      <TextField label="Note" name="note" maxLength={500} error={error} />
      <Button type="submit" variant="primary" busy={busy}>
        Record
      </Button>
    </form>
  );
}

export default function QaPage() {
  const { clientId } = useParams<{ clientId: string }>();
  // No week in the address: the API's default, the last complete ISO week.
  const week = new URLSearchParams(useSearch()).get("week") ?? "";
  const [, navigate] = useLocation();
  const sample = useResource(`${clientId}|${week}`, (signal) =>
    get<QaSample>(`/services/${enc(clientId)}/qa${week === "" ? "" : `?week=${enc(week)}`}`, signal),
  );
  return (
    <Layout title={`Quality assurance · ${clientId}`}>
      <div className="toolbar">
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const value = String(new FormData(event.currentTarget).get("week") ?? "").trim();
            navigate(`/services/${enc(clientId)}/qa?week=${enc(value)}`);
          }}
        >
          <TextField
            label="ISO week"
            name="week"
            defaultValue={week === "" && sample.state === "ready" ? sample.data.week : week}
            pattern="(\d{4}-W\d{2})?"
            hint={`e.g. ${isoWeek()} (this week); empty: the last complete week`}
            key={`${week}|${sample.state === "ready" ? sample.data.week : ""}`}
          />
          <Button type="submit">Show</Button>
        </form>
        <p className="muted toolbar-hint">
          A random sample of the week's approved and blocked profiles, drawn once per week, to re-review.
        </p>
      </div>
      {sample.state === "error" ? <ErrorState error={sample.error} onRetry={sample.reload} /> : null}
      {sample.state === "loading" ? <Skeleton lines={6} height={48} label="Loading the QA sample" /> : null}
      {sample.state === "ready" ? (
        <>
          <p className="summary-line">
            Week {sample.data.week}, drawn {formatTime(sample.data.drawnAt)}:{" "}
            <strong>{sample.data.counts.sampled}</strong> sampled,{" "}
            <strong>{sample.data.counts.reviewed}</strong> reviewed,{" "}
            <strong>{sample.data.counts.confirmed}</strong> confirmed,{" "}
            <strong>{sample.data.counts.overturned}</strong> overturned.
          </p>
          <Table
            caption="The week's sample"
            captionHidden
            columns={["Profile", "Decision", "Decided", "Now", "Re-review"]}
          >
            {sample.data.items.length === 0 ? (
              <tr>
                <td colSpan={5} className="empty">
                  Nothing was approved or blocked that week.
                </td>
              </tr>
            ) : (
              sample.data.items.map((item) => (
                <tr key={item.refId}>
                  <th scope="row">
                    <Link href={`/services/${enc(clientId)}/profiles/${enc(item.refId)}`}>{item.refId}</Link>
                  </th>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td>{formatTime(item.decidedAt)}</td>
                  <td>
                    {item.current === undefined || item.current === null ? (
                      "—"
                    ) : item.current.deleted ? (
                      <Badge>erased</Badge>
                    ) : (
                      <>
                        <StatusBadge status={item.current.status} />
                        {item.current.isArchived ? <Badge>archived</Badge> : null}
                      </>
                    )}
                  </td>
                  <td>
                    {item.outcome ? (
                      <p>
                        <Badge tone={item.outcome.outcome === "confirmed" ? "success" : "danger"}>
                          {item.outcome.outcome}
                        </Badge>{" "}
                        by {item.outcome.operator} at {formatTime(item.outcome.at)}: {item.outcome.note}
                      </p>
                    ) : (
                      <OutcomeForm
                        clientId={clientId}
                        week={sample.data.week}
                        item={item}
                        onSaved={sample.reload}
                      />
                    )}
                  </td>
                </tr>
              ))
            )}
          </Table>
        </>
      ) : null}
    </Layout>
  );
}
