import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { WeeklyReport } from "../../domain/reports/weekly-report.js";

export interface StoredReport {
  jsonKey: string;
  htmlKey: string;
}

/**
 * Weekly reports in the archive bucket: `reports/<clientId>/<week>.json` and `.html`. Writing the
 * same week again replaces both objects (a re-run is idempotent). The bucket is encrypted at rest by
 * the infrastructure; reports hold counts only, no personal data.
 */
export class S3ReportStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = "reports/",
  ) {}

  keysOf(clientId: string, weekId: string): StoredReport {
    const base = `${this.prefix}${clientId}/${weekId}`;
    return { jsonKey: `${base}.json`, htmlKey: `${base}.html` };
  }

  async save(report: WeeklyReport, html: string): Promise<StoredReport> {
    const keys = this.keysOf(report.clientId, report.week.id);
    await Promise.all([
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: keys.jsonKey,
          Body: `${JSON.stringify(report, null, 2)}\n`,
          ContentType: "application/json",
        }),
      ),
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: keys.htmlKey,
          Body: html,
          ContentType: "text/html; charset=utf-8",
        }),
      ),
    ]);
    return keys;
  }

  /**
   * A presigned GET link to a stored report object, valid `expiresInSeconds` (at most 7 days; less when
   * the signing credentials expire sooner, as a Lambda role's session does).
   */
  async signedGetUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  /** The stored JSON report, or null when that week was not reported. */
  async load(clientId: string, weekId: string): Promise<WeeklyReport | null> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keysOf(clientId, weekId).jsonKey }),
      );
      return JSON.parse((await object.Body?.transformToString("utf8")) ?? "null") as WeeklyReport | null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }
}
