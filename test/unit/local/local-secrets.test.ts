import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topology } from "../../../infra/topology/manifest.js";
import { loadLocalSecrets } from "../../../scripts/local/local-secrets.js";

describe("local secrets", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "kyc-secrets-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("draws fresh random values of the declared size on every in-memory run", async () => {
    const first = await loadLocalSecrets(topology.secrets);
    const second = await loadLocalSecrets(topology.secrets);
    expect(first.identifierPepper).toMatch(/^base64:/);
    expect(Buffer.from(first.identifierPepper.slice(7), "base64")).toHaveLength(32);
    expect(second.identifierPepper).not.toBe(first.identifierPepper);
  });

  it("keeps them in the persist directory (owner-only) so persisted data stays findable", async () => {
    const first = await loadLocalSecrets(topology.secrets, dir);
    const again = await loadLocalSecrets(topology.secrets, dir);
    expect(again).toEqual(first);
    expect(JSON.parse(await readFile(join(dir, "secrets.json"), "utf8"))).toEqual(first);
    expect((await stat(join(dir, "secrets.json"))).mode & 0o777).toBe(0o600);
  });
});
