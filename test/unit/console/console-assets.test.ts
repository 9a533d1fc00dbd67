import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consoleAssetReply, isConsoleAssetPath } from "../../../scripts/local/console-assets.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "console-assets-"));
  await mkdir(join(dir, "assets"));
  await writeFile(join(dir, "index.html"), "<!doctype html><title>console</title>");
  await writeFile(join(dir, "assets", "app-1a2b.js"), "console.log(1)");
  await writeFile(join(tmpdir(), "secret.txt"), "not for the browser");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(join(tmpdir(), "secret.txt"), { force: true });
});

describe("the local console's files", () => {
  it("serves the app's files, not its API", () => {
    expect(isConsoleAssetPath("/console/")).toBe(true);
    expect(isConsoleAssetPath("/console/services/acme")).toBe(true);
    expect(isConsoleAssetPath("/console/api/me")).toBe(false);
    expect(isConsoleAssetPath("/kyc/1.0/connect/acme/applicants")).toBe(false);
  });

  it("serves hashed assets cached, and index.html (never cached) for client-side routes", async () => {
    const asset = await consoleAssetReply(dir, "GET", "/console/assets/app-1a2b.js");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["Content-Type"]).toMatch(/^text\/javascript/);
    expect(asset.headers["Cache-Control"]).toMatch(/immutable/);
    const deepLink = await consoleAssetReply(dir, "GET", "/console/services/acme/profiles/user-1");
    expect(deepLink.body.toString()).toContain("<title>console</title>");
    expect(deepLink.headers["Cache-Control"]).toBe("no-cache");
    expect(deepLink.headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
  });

  it("never leaves the app's folder, and says how to build a missing app", async () => {
    for (const path of ["/console/../secret.txt", "/console/%2e%2e/secret.txt", "/console/..%2fsecret.txt"]) {
      const reply = await consoleAssetReply(dir, "GET", path);
      expect(reply.body.toString()).not.toContain("not for the browser");
    }
    const missing = await consoleAssetReply(join(dir, "nope"), "GET", "/console/");
    expect(missing.statusCode).toBe(503);
    expect(missing.body.toString()).toContain("npm run build:console");
    expect((await consoleAssetReply(dir, "POST", "/console/")).statusCode).toBe(405);
  });
});
