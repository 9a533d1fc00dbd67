import { DeleteObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { SweepCheckpoint, SweepCheckpointStore } from "../../domain/ports.js";
import { getJsonObject, putJsonObject } from "./json-object.js";

const checkpointSchema = z.object({
  clientId: z.string(),
  startedAt: z.string(),
  phase: z.enum(["scan", "apply"]),
  cursor: z.string().nullable(),
  pagesRead: z.number().int().nonnegative(),
  groupsApplied: z.number().int().nonnegative(),
  engineState: z.string(),
}) satisfies z.ZodType<SweepCheckpoint>;

export class CorruptCheckpointError extends Error {
  override readonly name = "CorruptCheckpointError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(key: string, cause: unknown) {
    super(`the sweep checkpoint ${key} cannot be read`, { cause });
    this.context = { key };
  }
}

/**
 * Dedup sweep progress as one S3 object per service. S3 rather than DynamoDB because the engine
 * state of a large service exceeds DynamoDB's 400 KB item limit.
 */
export class S3SweepCheckpointStore implements SweepCheckpointStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = "dedup-sweep/",
  ) {}

  async load(clientId: string): Promise<SweepCheckpoint | null> {
    return getJsonObject(
      this.client,
      this.bucket,
      this.keyOf(clientId),
      checkpointSchema,
      (key, cause) => new CorruptCheckpointError(key, cause),
    );
  }

  async save(checkpoint: SweepCheckpoint): Promise<void> {
    await putJsonObject(this.client, this.bucket, this.keyOf(checkpoint.clientId), checkpoint);
  }

  async clear(clientId: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(clientId) }));
  }

  private keyOf(clientId: string): string {
    return `${this.prefix}${encodeURIComponent(clientId)}.json`;
  }
}
