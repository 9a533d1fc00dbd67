import { useState, type FormEvent } from "react";
import { Link, useParams } from "wouter";
import { ConsoleApiError, enc, get, post } from "../api/client";
import type { Ticket } from "../api/types";
import { useResource } from "../api/use-resource";
import { Badge } from "../components/badge";
import { Button } from "../components/button";
import { ConfirmDialog } from "../components/dialog";
import { TextAreaField } from "../components/field";
import { Layout } from "../components/layout";
import { ErrorState, Skeleton } from "../components/states";
import { useToast } from "../components/toast";
import { formatTime } from "../lib/format";
import { TicketClock } from "../lib/sla";

type Answer = { ticket: Ticket } | Ticket;
const ticketOf = (answer: Answer): Ticket => ("ticket" in answer ? answer.ticket : answer);

export default function TicketPage() {
  const { clientId, ticketId } = useParams<{ clientId: string; ticketId: string }>();
  const path = `/support/tickets/${enc(clientId)}/${enc(ticketId)}`;
  const ticket = useResource(path, async (signal) => ticketOf(await get<Answer>(path, signal)));
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const toast = useToast();

  async function send(kind: "reply" | "close") {
    if (message.trim() === "") {
      setError(kind === "close" ? "Write the closing message to the requester." : "Write the reply.");
      setClosing(false);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await post<Answer>(`${path}/${kind}`, { message: message.trim() });
      if (ticket.state === "ready") ticket.replace(ticketOf(answer));
      setMessage("");
      toast("success", kind === "close" ? "Ticket closed." : "Reply sent.");
    } catch (failure) {
      setError(failure instanceof ConsoleApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
      setClosing(false);
    }
  }

  const data = ticket.data;
  return (
    <Layout
      title={data ? `Ticket: ${data.subject}` : "Ticket"}
      actions={
        <Link href={`/support?clientId=${enc(clientId)}`} className="btn btn-ghost">
          Back to the tickets
        </Link>
      }
    >
      {ticket.state === "error" ? <ErrorState error={ticket.error} onRetry={ticket.reload} /> : null}
      {ticket.state === "loading" && data === null ? (
        <Skeleton lines={6} height={40} label="Loading the ticket" />
      ) : null}
      {data !== null && ticket.state !== "error" ? (
        <div className="profile-grid">
          <div>
            <section className="card" aria-labelledby="ticket-facts">
              <h2 id="ticket-facts">Ticket {data.ticketId}</h2>
              <dl className="facts">
                <div>
                  <dt>State</dt>
                  <dd>
                    <Badge tone={data.state === "open" ? "info" : "neutral"}>{data.state}</Badge>
                  </dd>
                </div>
                <div>
                  <dt>SLA clock</dt>
                  <dd>
                    <TicketClock {...data} />
                  </dd>
                </div>
                <div>
                  <dt>Category / channel</dt>
                  <dd>
                    {data.category} / {data.channel}
                  </dd>
                </div>
                <div>
                  <dt>Profile</dt>
                  <dd>{data.refId ?? "—"}</dd>
                </div>
                <div>
                  <dt>Opened</dt>
                  <dd>{formatTime(data.openedAt)}</dd>
                </div>
                <div>
                  <dt>Response due</dt>
                  <dd>{formatTime(data.responseDueAt)}</dd>
                </div>
              </dl>
            </section>
            <section className="card" aria-labelledby="ticket-events">
              <h2 id="ticket-events">Conversation</h2>
              <ol className="events">
                {data.events.map((event, index) => (
                  <li key={index} className={`event event-${event.actor.kind}`}>
                    <p className="event-meta">
                      <strong>
                        {event.actor.kind}: {event.actor.id}
                      </strong>{" "}
                      {event.type} · {formatTime(event.at)}
                    </p>
                    {event.text ? <p className="event-text">{event.text}</p> : null}
                  </li>
                ))}
              </ol>
            </section>
          </div>
          <aside className="card" aria-labelledby="ticket-answer">
            <h2 id="ticket-answer">Answer</h2>
            {data.state === "closed" ? (
              <p className="muted">This ticket is closed{data.outcome ? ` (${data.outcome})` : ""}.</p>
            ) : (
              <form
                onSubmit={(event: FormEvent) => {
                  event.preventDefault();
                  void send("reply");
                }}
                noValidate
              >
                <TextAreaField
                  label="Message to the requester"
                  rows={6}
                  maxLength={4000}
                  value={message}
                  onChange={(event) => setMessage(event.target.value)}
                  error={error}
                  required
                />
                <div className="button-row">
                  <Button type="submit" variant="primary" busy={busy}>
                    Send reply
                  </Button>
                  <Button variant="secondary" onClick={() => setClosing(true)} disabled={busy}>
                    Close with this message
                  </Button>
                </div>
              </form>
            )}
          </aside>
        </div>
      ) : null}
      <ConfirmDialog
        open={closing}
        title="Close this ticket?"
        confirmLabel="Close the ticket"
        busy={busy}
        onConfirm={() => void send("close")}
        onCancel={() => setClosing(false)}
      >
        <p>The message is sent to the requester and the ticket is closed (a new message reopens it).</p>
      </ConfirmDialog>
    </Layout>
  );
}
