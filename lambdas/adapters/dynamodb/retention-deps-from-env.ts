import { S3Client } from "@aws-sdk/client-s3";
import type { EraseDeps } from "../../domain/use-cases/erase-profile.js";
import type { RunArchivalDeps } from "../../domain/use-cases/run-archival.js";
import { requiredEnv } from "../../shared/environment.js";
import { HmacIdentifierHasher } from "../crypto/hmac-identifier-hasher.js";
import { S3ArchiveStore } from "../s3/archive-store.js";
import { DynamoDbChainRecordStore } from "./chain-record-store.js";
import { createDocumentClient } from "./document-client.js";
import { DynamoDbProfileRepository } from "./profile-repository.js";
import { DynamoDbPersonalDataCleanup } from "./retention-cleanup.js";
import { DynamoDbRetentionCandidates } from "./retention-candidates.js";
import { DynamoDbArchivalProgressStore } from "./retention-progress-store.js";
import { DynamoDbServiceRepository } from "./service-repository.js";
import { DynamoDbTicketStore } from "./ticket-store.js";

/**
 * Everything archival and erasure need, from the Lambda environment: TABLE_NAME, IDENTIFIER_PEPPER,
 * ARCHIVE_BUCKET (and S3_FORCE_PATH_STYLE=true for S3 emulators). Add a clock and pass it to
 * `eraseProfile`, `archiveProfile` or `runArchival`.
 */
export type RetentionAdapters = Omit<RunArchivalDeps & EraseDeps, "clock">;

export function retentionDepsFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionAdapters {
  const client = createDocumentClient();
  const tableName = requiredEnv("TABLE_NAME", env);
  const s3 = new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === "true" });
  return {
    services: new DynamoDbServiceRepository(client, tableName),
    profiles: new DynamoDbProfileRepository(client, tableName),
    hasher: HmacIdentifierHasher.fromSecret(env.IDENTIFIER_PEPPER),
    archive: new S3ArchiveStore(s3, requiredEnv("ARCHIVE_BUCKET", env)),
    onchain: new DynamoDbChainRecordStore(client, tableName),
    cleanup: new DynamoDbPersonalDataCleanup(client, tableName),
    tickets: new DynamoDbTicketStore(client, tableName),
    candidates: new DynamoDbRetentionCandidates(client, tableName),
    progress: new DynamoDbArchivalProgressStore(client, tableName),
  };
}
