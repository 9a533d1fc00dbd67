import { useEffect, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { enc, get, query } from "../api/client";
import type { ServiceSummary, TicketList, TicketState } from "../api/types";
import { useResource } from "../api/use-resource";
import { Badge } from "../components/badge";
import { Pager } from "../components/pager";
import { SelectField } from "../components/field";
import { Layout } from "../components/layout";
import { ErrorState, Skeleton } from "../components/states";
import { Table } from "../components/table";
import { formatTime } from "../lib/format";
import { TicketClock } from "../lib/sla";

const STATES: TicketState[] = ["open", "answered", "closed"];

export default function SupportPage() {
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const services = useResource("services", (signal) =>
    get<{ services: ServiceSummary[] }>("/services", signal),
  );
  const firstService = services.state === "ready" ? services.data.services[0]?.clientId : undefined;
  const clientId = search.get("clientId") ?? firstService ?? "";
  const state = (search.get("state") ?? "open") as TicketState;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  useEffect(() => setCursors([null]), [clientId, state]);
  const tickets = useResource(`${clientId}|${state}|${cursor ?? ""}`, (signal) =>
    clientId === ""
      ? new Promise<TicketList>(() => {})
      : get<TicketList>(`/support/tickets${query({ clientId, state, cursor })}`, signal),
  );
  const go = (next: { clientId?: string; state?: string }) =>
    navigate(`/support${query({ clientId: next.clientId ?? clientId, state: next.state ?? state })}`);

  return (
    <Layout title="Support tickets">
      <div className="toolbar">
        <SelectField
          label="Service"
          value={clientId}
          onChange={(event) => go({ clientId: event.target.value })}
        >
          {services.state === "ready"
            ? services.data.services.map((service) => (
                <option key={service.clientId} value={service.clientId}>
                  {service.name} ({service.clientId})
                </option>
              ))
            : [
                <option key="loading" value={clientId}>
                  {clientId || "Loading…"}
                </option>,
              ]}
        </SelectField>
        <SelectField label="State" value={state} onChange={(event) => go({ state: event.target.value })}>
          {STATES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </SelectField>
      </div>
      {services.state === "error" ? <ErrorState error={services.error} onRetry={services.reload} /> : null}
      {tickets.state === "error" ? <ErrorState error={tickets.error} onRetry={tickets.reload} /> : null}
      {tickets.state === "loading" && tickets.data === null ? (
        <Skeleton lines={6} height={41} label="Loading the tickets" />
      ) : null}
      {tickets.data !== null && tickets.state !== "error" ? (
        <div aria-busy={tickets.state === "loading"}>
          <Table
            caption={`${state} tickets of ${clientId}, with their response clocks`}
            captionHidden
            columns={["Subject", "Category", "Channel", "Profile", "Opened", "State", "SLA clock"]}
          >
            {tickets.data.tickets.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty">
                  No {state} tickets.
                </td>
              </tr>
            ) : (
              tickets.data.tickets.map((ticket) => (
                <tr key={ticket.ticketId}>
                  <th scope="row">
                    <Link href={`/support/${enc(clientId)}/${enc(ticket.ticketId)}`}>{ticket.subject}</Link>
                  </th>
                  <td>{ticket.category}</td>
                  <td>{ticket.channel}</td>
                  <td>{ticket.refId ?? "—"}</td>
                  <td>{formatTime(ticket.openedAt)}</td>
                  <td>
                    <Badge
                      tone={
                        ticket.state === "open" ? "info" : ticket.state === "answered" ? "success" : "neutral"
                      }
                    >
                      {ticket.state}
                    </Badge>
                  </td>
                  <td>
                    <TicketClock {...ticket} />
                  </td>
                </tr>
              ))
            )}
          </Table>
          <Pager cursors={cursors} setCursors={setCursors} next={tickets.data.cursor} />
        </div>
      ) : null}
    </Layout>
  );
}
