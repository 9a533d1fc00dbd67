import { createDocumentClient } from "../adapters/dynamodb/document-client.js";
import { DynamoDbProfileRepository } from "../adapters/dynamodb/profile-repository.js";
import { DynamoDbServiceRepository } from "../adapters/dynamodb/service-repository.js";
import type { ReviewReadDeps } from "../domain/customer-review/ports.js";
import { requiredEnv } from "../shared/environment.js";
import { DynamoDbApplicantIndex } from "./status-dynamodb.js";

/**
 * The review API's reads from TABLE_NAME: the service uncached (its current plan gates every
 * request), profiles strongly consistent (their version is what a decision names), and the status
 * API's byStatus index for the waiting and inreview partitions.
 */
export function reviewReadDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ReviewReadDeps {
  const client = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  return {
    services: new DynamoDbServiceRepository(client, tableName),
    profiles: new DynamoDbProfileRepository(client, tableName),
    index: new DynamoDbApplicantIndex(client, tableName),
  };
}
