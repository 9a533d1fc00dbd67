import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { z } from "zod";

/** Writes `value` as one JSON object (server-side encrypted; the bucket's default key applies on AWS). */
export async function putJsonObject(
  client: S3Client,
  bucket: string,
  key: string,
  value: unknown,
): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: "application/json",
      ServerSideEncryption: "AES256",
    }),
  );
}

/**
 * Reads a JSON object and checks it with `schema`; null when the object does not exist. Anything stored
 * that does not parse is reported through `corrupt(key, cause)`, never returned half-read.
 */
export async function getJsonObject<T>(
  client: S3Client,
  bucket: string,
  key: string,
  schema: z.ZodType<T>,
  corrupt: (key: string, cause: unknown) => Error,
): Promise<T | null> {
  let text: string;
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = (await object.Body?.transformToString("utf8")) ?? "";
  } catch (error) {
    if (error instanceof NoSuchKey) return null;
    throw error;
  }
  try {
    return schema.parse(JSON.parse(text));
  } catch (cause) {
    throw corrupt(key, cause);
  }
}
