import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import { DynamoDbHolidayCalendar, DynamoDbTicketStore } from "../adapters/dynamodb/ticket-store.js";
import { RandomTicketIds } from "../adapters/system/random-ticket-ids.js";
import { SystemClock } from "../adapters/system/system-clock.js";
import type { SupportDeps } from "../domain/support/support-desk.js";
import { requiredEnv } from "./environment.js";

/** The support desk's adapters on the main table (TABLE_NAME). */
export function supportDepsFromEnv(env: NodeJS.ProcessEnv = process.env): SupportDeps {
  const client = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  return {
    services: new DynamoDbServiceRepository(client, tableName),
    tickets: new DynamoDbTicketStore(client, tableName),
    holidays: new DynamoDbHolidayCalendar(client, tableName),
    ids: new RandomTicketIds(),
    clock: new SystemClock(),
  };
}
