import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { VersionConflictError } from "../../domain/errors.js";
import type { Page } from "../../domain/ports.js";
import type { Holiday, HolidayCalendar, TicketFilter, TicketStore } from "../../domain/support/ports.js";
import type { AwaitingTicket } from "../../domain/support/sla-check.js";
import { isAwaitingResponse, type Ticket, type TicketChange } from "../../domain/support/ticket.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import { outboxToItem, type Item } from "./items.js";
import { queryPartition } from "./query-partition.js";
import {
  AWAITING_RESPONSE_KEY,
  HOLIDAYS_PARTITION,
  TICKET_SK_PREFIX,
  holidayKey,
  slaDueKeyOf,
  supportPartition,
  ticketKey,
} from "./support-keys.js";
import { INDEX } from "./table-definitions.js";

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

const TICKET_FIELDS = [
  "clientId",
  "ticketId",
  "requester",
  "refId",
  "category",
  "channel",
  "subject",
  "state",
  "tier",
  "assignee",
  "openedAt",
  "clockStartedAt",
  "responseDueAt",
  "respondedAt",
  "firstDueAt",
  "firstResponseAt",
  "breachedAt",
  "closedAt",
  "outcome",
  "eddProfileVersion",
  "events",
  "version",
] as const satisfies readonly (keyof Ticket)[];

export function ticketToItem(ticket: Ticket): Item {
  const item: Item = { ...ticketKey(ticket.clientId, ticket.ticketId), entity: "ticket", ...ticket };
  // Only a running clock is in the sparse index the SLA check reads.
  if (isAwaitingResponse(ticket) && ticket.responseDueAt !== null) {
    item.slaKey = AWAITING_RESPONSE_KEY;
    item.slaDueKey = slaDueKeyOf(ticket.responseDueAt, ticket.clientId, ticket.ticketId);
  }
  return item;
}

export function ticketFromItem(item: Item): Ticket {
  const ticket = Object.fromEntries(
    TICKET_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as Ticket;
  return { ...ticket, firstDueAt: ticket.firstDueAt ?? null };
}

function awaitingFromItem(item: Item): AwaitingTicket {
  return {
    clientId: item.clientId as string,
    ticketId: item.ticketId as string,
    category: item.category as string,
    tier: item.tier as string,
    clockStartedAt: item.clockStartedAt as string,
    responseDueAt: item.responseDueAt as string,
    breachedAt: (item.breachedAt ?? null) as string | null,
    version: item.version as number,
  };
}

/** Support tickets and their user notifications (outbox), one transaction per change. */
export class DynamoDbTicketStore implements TicketStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(clientId: string, ticketId: string): Promise<Ticket | null> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: ticketKey(clientId, ticketId), ConsistentRead: true }),
    );
    return result.Item === undefined ? null : ticketFromItem(result.Item);
  }

  async create(change: TicketChange): Promise<boolean> {
    try {
      await this.write(change, { ConditionExpression: "attribute_not_exists(pk)" });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async save(change: TicketChange, expectedVersion: number): Promise<void> {
    try {
      await this.write(change, {
        ConditionExpression: "version = :expectedVersion",
        ExpressionAttributeValues: { ":expectedVersion": expectedVersion },
      });
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new VersionConflictError("the ticket was changed by another writer: read it again", {
          cause: error,
          context: { clientId: change.ticket.clientId, ticketId: change.ticket.ticketId, expectedVersion },
        });
      }
      throw error;
    }
  }

  async list(
    clientId: string,
    filter: TicketFilter,
    cursor: string | null,
    limit: number,
  ): Promise<Page<Ticket>> {
    const conditions: string[] = [];
    const values: Record<string, unknown> = {
      ":pk": supportPartition(clientId),
      ":prefix": TICKET_SK_PREFIX,
    };
    const names: Record<string, string> = {};
    if (filter.refId !== undefined) {
      conditions.push("refId = :refId");
      values[":refId"] = filter.refId;
    }
    if (filter.state !== undefined) {
      conditions.push("#state = :state");
      names["#state"] = "state";
      values[":state"] = filter.state;
    }
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ...(conditions.length === 0 ? {} : { FilterExpression: conditions.join(" AND ") }),
        ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
        ExpressionAttributeValues: values,
        Limit: limit,
        ExclusiveStartKey: cursor === null ? undefined : decodeCursor(cursor, isStringKey),
      }),
    );
    return {
      items: (result.Items ?? []).map(ticketFromItem),
      cursor: result.LastEvaluatedKey === undefined ? null : encodeCursor(result.LastEvaluatedKey),
    };
  }

  async listAwaitingDueBy(
    dueBy: string,
    cursor: string | null,
    limit: number,
  ): Promise<Page<AwaitingTicket>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.ticketsAwaitingResponse,
        // `#` sorts after every character of an ISO time's end, so `dueBy#~` bounds the whole instant.
        KeyConditionExpression: "slaKey = :key AND slaDueKey <= :dueBy",
        ExpressionAttributeValues: { ":key": AWAITING_RESPONSE_KEY, ":dueBy": `${dueBy}#~` },
        Limit: limit,
        ExclusiveStartKey: cursor === null ? undefined : decodeCursor(cursor, isStringKey),
      }),
    );
    return {
      items: (result.Items ?? []).map(awaitingFromItem),
      cursor: result.LastEvaluatedKey === undefined ? null : encodeCursor(result.LastEvaluatedKey),
    };
  }

  async recordBreach(ticket: AwaitingTicket, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: ticketKey(ticket.clientId, ticket.ticketId),
          UpdateExpression: "SET breachedAt = :at, version = :next, events = list_append(events, :event)",
          ConditionExpression: "version = :version AND attribute_exists(slaKey)",
          ExpressionAttributeValues: {
            ":at": at,
            ":version": ticket.version,
            ":next": ticket.version + 1,
            ":event": [{ at, actor: { kind: "system", id: "sla-check" }, type: "breached" }],
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async write(change: TicketChange, condition: Record<string, unknown>): Promise<void> {
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: ticketToItem(change.ticket), ...condition } },
      ...change.notifications.map((record): TransactItem => ({
        Put: {
          TableName: this.tableName,
          Item: outboxToItem(record),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      })),
    ];
    if (items.length === 1) {
      const put = items[0]?.Put;
      if (put !== undefined)
        await this.client.send(new PutCommand(put as ConstructorParameters<typeof PutCommand>[0]));
      return;
    }
    await this.client.send(new TransactWriteCommand({ TransactItems: items }));
  }
}

function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  return (error.CancellationReasons ?? []).some((reason) => reason.Code === "ConditionalCheckFailed");
}

/** The holiday calendar: one item per date in one small partition. */
export class DynamoDbHolidayCalendar implements HolidayCalendar {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<Holiday[]> {
    const items = await queryPartition(this.client, {
      tableName: this.tableName,
      pk: HOLIDAYS_PARTITION,
      consistentRead: true,
    });
    return items.map((item) => ({
      date: item.date as string,
      name: item.name as string,
      addedBy: item.addedBy as string,
      addedAt: item.addedAt as string,
    }));
  }

  async add(holiday: Holiday): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...holidayKey(holiday.date), entity: "holiday", ...holiday },
      }),
    );
  }

  async remove(date: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: holidayKey(date), ReturnValues: "ALL_OLD" }),
    );
    return result.Attributes !== undefined;
  }
}
