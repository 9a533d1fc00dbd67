/**
 * The support SLA check over 100,000 open tickets on DynamoDB Local (started here): tickets are
 * written straight into the table (BatchWrite, the same item codec as the store), then the check
 * handler runs once at a time when a share of them is overdue or due within the hour. Prints the
 * wall time of the run and the process's peak RSS. `--tickets=N`, `--overdue=<share 0..1>`.
 */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "../../lambdas/adapters/dynamodb/document-client.js";
import { ticketToItem } from "../../lambdas/adapters/dynamodb/ticket-store.js";
import {
  DynamoDbHolidayCalendar,
  DynamoDbTicketStore,
} from "../../lambdas/adapters/dynamodb/ticket-store.js";
import type { Ticket } from "../../lambdas/domain/support/ticket.js";
import { ticketIdOf } from "../../lambdas/domain/support/ticket-ids.js";
import { createSupportSlaCheck } from "../../lambdas/handlers/support-sla-check.js";
import { LOCAL_AWS } from "../../test/support/dynamodb-local.js";
import { startLocalServices } from "../../test/support/local-services.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const TICKETS = option("tickets", 100_000);
const OVERDUE = option("overdue", 0.1);
const NOW = "2026-03-04T05:00:00.000Z"; // Wednesday 12:00 at GMT+7

function ticketAt(i: number): Ticket {
  const overdue = i < TICKETS * OVERDUE;
  // Overdue: due in the past; the rest: due days ahead (outside the check's one-hour horizon).
  const due = new Date(
    Date.parse(NOW) + (overdue ? -(1 + (i % 600)) : 3 * 86_400 + (i % 86_400)) * 1000,
  ).toISOString();
  const openedAt = "2026-03-02T02:00:00.000Z";
  return {
    clientId: `svc-${i % 50}`,
    ticketId: ticketIdOf(openedAt, i.toString(16).padStart(16, "0")),
    requester: "user",
    refId: `user-${i}`,
    category: "technical",
    channel: "email",
    subject: "Camera",
    state: "open",
    tier: "dedicated",
    assignee: null,
    openedAt,
    clockStartedAt: openedAt,
    responseDueAt: due,
    respondedAt: null,
    firstDueAt: due,
    firstResponseAt: null,
    breachedAt: null,
    closedAt: null,
    outcome: null,
    events: [
      {
        at: openedAt,
        actor: { kind: "operator", id: "bench" },
        type: "opened",
        text: "My camera does not start",
      },
    ],
    version: 1,
  };
}

const local = await startLocalServices("bench-sla");
const restore = local.applyEnv();
try {
  const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: local.dynamoDb.endpoint });
  const seedStart = Date.now();
  const batches: number[] = [];
  for (let start = 0; start < TICKETS; start += 25) batches.push(start);
  const workers = Array.from({ length: 8 }, async (_, w) => {
    for (let b = w; b < batches.length; b += 8) {
      const start = batches[b] as number;
      let items = Array.from({ length: Math.min(25, TICKETS - start) }, (_, k) => ({
        PutRequest: { Item: ticketToItem(ticketAt(start + k)) },
      }));
      while (items.length > 0) {
        const result = await documents.send(
          new BatchWriteCommand({ RequestItems: { [local.tableName]: items } }),
        );
        items = (result.UnprocessedItems?.[local.tableName] ?? []) as typeof items;
      }
    }
  });
  await Promise.all(workers);
  console.log(
    `seeded ${TICKETS.toLocaleString("en")} open tickets in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  const deps = {
    tickets: new DynamoDbTicketStore(documents, local.tableName),
    holidays: new DynamoDbHolidayCalendar(documents, local.tableName),
  };
  const check = createSupportSlaCheck(() => deps);
  for (const run of ["first run (records every breach)", "second run (breaches already recorded)"]) {
    const started = process.hrtime.bigint();
    const answer = (await check({ now: NOW })) as {
      data: { checked: number; breached: number; newlyBreached: number };
    };
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `sla-check ${run}: ${seconds.toFixed(2)} s, checked ${answer.data.checked}, breached ${answer.data.breached}, newly recorded ${answer.data.newlyBreached}`,
    );
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  documents.destroy();
} finally {
  restore();
  await local.stop();
}
