import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { SecretId, SecretSpec } from "../../infra/topology/types.js";

/**
 * Values for the manifest's secrets: fresh random bytes (`base64:…`) per run, or — with a persist
 * directory — generated once and kept in `<dir>/secrets.json`, because data written under one pepper is
 * only found again under the same pepper.
 */
export async function loadLocalSecrets(
  specs: readonly SecretSpec[],
  persistDir?: string,
): Promise<Record<SecretId, string>> {
  const file = persistDir === undefined ? null : resolve(persistDir, "secrets.json");
  const stored: Partial<Record<SecretId, string>> = file === null ? {} : await readStored(file);
  const values: Partial<Record<SecretId, string>> = {};
  for (const spec of specs) {
    values[spec.id] = stored[spec.id] ?? `base64:${randomBytes(spec.bytes).toString("base64")}`;
  }
  if (file !== null && specs.some((spec) => stored[spec.id] === undefined)) {
    await mkdir(resolve(file, ".."), { recursive: true });
    await writeFile(file, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
  }
  return values as Record<SecretId, string>;
}

async function readStored(file: string): Promise<Partial<Record<SecretId, string>>> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Partial<Record<SecretId, string>>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}
