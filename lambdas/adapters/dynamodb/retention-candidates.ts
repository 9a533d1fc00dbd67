import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ProfileStatus } from "../../domain/profile.js";
import type { RetentionCandidate, RetentionCandidates } from "../../domain/retention/ports.js";
import { profileKey, statusKeyOf } from "./keys.js";
import { INDEX } from "./table-definitions.js";

/** Ends every `<lastStatusChangeAt>#<refId>` sort key whose time is at or before a bound. */
const AFTER_SEPARATOR = "$";

/**
 * Archival candidates from the `byStatus` index (`<clientId>#<status>`, sorted by
 * `<lastStatusChangeAt>#<refId>`): a range read, no scan. The position is the sort key itself;
 * the table key to resume after is rebuilt from it.
 */
export class DynamoDbRetentionCandidates implements RetentionCandidates {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(
    clientId: string,
    status: ProfileStatus,
    changedAtOrBefore: string,
    after: string | null,
    limit: number,
  ): Promise<RetentionCandidate[]> {
    const statusKey = statusKeyOf(clientId, status);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byStatus,
        KeyConditionExpression: "statusKey = :statusKey AND statusSortKey < :bound",
        ExpressionAttributeValues: { ":statusKey": statusKey, ":bound": changedAtOrBefore + AFTER_SEPARATOR },
        ProjectionExpression: "refId, statusSortKey",
        Limit: limit,
        ExclusiveStartKey: after === null ? undefined : startKeyOf(clientId, statusKey, after),
      }),
    );
    return (result.Items ?? []).map((item) => ({
      refId: item.refId as string,
      position: item.statusSortKey as string,
    }));
  }
}

function startKeyOf(clientId: string, statusKey: string, position: string): Record<string, string> {
  const separator = position.indexOf("#");
  if (separator < 0) throw new RangeError(`not a status listing position: ${position}`);
  const refId = position.slice(separator + 1);
  return { ...profileKey(clientId, refId), statusKey, statusSortKey: position };
}
