import type { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { ACTOR_KINDS } from "../../domain/audit.js";
import { PROFILE_STATUSES } from "../../domain/profile.js";
import type { ArchiveRecord } from "../../domain/retention/archive-record.js";
import type { ArchiveStore } from "../../domain/retention/ports.js";
import { getJsonObject, putJsonObject } from "./json-object.js";

const isoOrNull = z.string().nullable();
const archiveRecordSchema = z.object({
  schemaVersion: z.literal(1),
  clientId: z.string(),
  refId: z.string(),
  recordId: z.string(),
  status: z.enum(PROFILE_STATUSES),
  submitCount: z.number().int(),
  rejectionCount: z.number().int(),
  waitingDate: isoOrNull,
  inreviewDate: isoOrNull,
  approvedDate: isoOrNull,
  rejectedDate: isoOrNull,
  blockedDate: isoOrNull,
  createdAt: z.string(),
  lastStatusChangeAt: z.string(),
  isArchived: z.boolean(),
  deleted: z.boolean(),
  archivedAt: z.string(),
  onchain: z
    .object({
      chainId: z.number(),
      registry: z.string(),
      serviceId: z.string(),
      verifiedUntil: z.number(),
      txHash: z.string(),
      blockNumber: z.number(),
    })
    .nullable(),
  audit: z.array(
    z.object({
      id: z.string(),
      clientId: z.string(),
      refId: z.string(),
      recordId: z.string(),
      from: z.enum(PROFILE_STATUSES).nullable(),
      to: z.enum(PROFILE_STATUSES),
      actor: z.object({ kind: z.enum(ACTOR_KINDS), id: z.string() }),
      reasonCodes: z.array(z.string()),
      ruleVersion: z.string(),
      at: z.string(),
      profileVersion: z.number().int(),
      originalRefId: z.string().optional(),
      amlEvidence: z
        .array(
          z.object({
            categories: z.array(z.string()),
            nameScore: z.number(),
            score: z.number(),
            verdict: z.enum(["match", "review", "cleared"]),
            reasons: z.array(z.string()),
          }),
        )
        .optional(),
    }),
  ),
}) satisfies z.ZodType<ArchiveRecord>;

export class CorruptArchiveRecordError extends Error {
  override readonly name = "CorruptArchiveRecordError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(key: string, cause: unknown) {
    super(`the archive record ${key} cannot be read`, { cause });
    this.context = { key };
  }
}

/** One JSON object per profile at `archive/<clientId>/<refId>.json` in the archive bucket. */
export class S3ArchiveStore implements ArchiveStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = "archive/",
  ) {}

  async put(record: ArchiveRecord): Promise<void> {
    await putJsonObject(this.client, this.bucket, this.keyOf(record.clientId, record.refId), record);
  }

  async get(clientId: string, refId: string): Promise<ArchiveRecord | null> {
    return getJsonObject(
      this.client,
      this.bucket,
      this.keyOf(clientId, refId),
      archiveRecordSchema,
      (key, cause) => new CorruptArchiveRecordError(key, cause),
    );
  }

  keyOf(clientId: string, refId: string): string {
    return `${this.prefix}${encodeURIComponent(clientId)}/${encodeURIComponent(refId)}.json`;
  }
}
