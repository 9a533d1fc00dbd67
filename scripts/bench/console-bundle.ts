/**
 * The console's bundle sizes, gzipped: what the first page (sign-in) downloads, i.e. index.html, its
 * entry script, the scripts it preloads and its stylesheet, against the 250 kB budget; then every lazy
 * chunk (the signed-in pages). Reads console/dist (the prebench hook builds it when stale). `--json`.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const DIST = join(import.meta.dirname, "../../console/dist");
const BUDGET_KB = 250;

const gzipKb = (path: string) => gzipSync(readFileSync(path)).length / 1024;
const rawKb = (path: string) => readFileSync(path).length / 1024;

const html = readFileSync(join(DIST, "index.html"), "utf8");
// Every asset index.html references (entry script, modulepreload links, stylesheet) loads with the first page.
const firstPage = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+)"/g)].map((m) => m[1] as string);
const allAssets = readdirSync(join(DIST, "assets")).map((name) => `assets/${name}`);
const lazy = allAssets.filter((asset) => !firstPage.includes(asset));

const rows = [
  {
    file: "index.html",
    raw: rawKb(join(DIST, "index.html")),
    gzip: gzipKb(join(DIST, "index.html")),
    first: true,
  },
  ...firstPage.map((asset) => ({
    file: asset,
    raw: rawKb(join(DIST, asset)),
    gzip: gzipKb(join(DIST, asset)),
    first: true,
  })),
  ...lazy.map((asset) => ({
    file: asset,
    raw: rawKb(join(DIST, asset)),
    gzip: gzipKb(join(DIST, asset)),
    first: false,
  })),
];
const firstPageGzip = rows.filter((r) => r.first).reduce((sum, r) => sum + r.gzip, 0);
const allGzip = rows.reduce((sum, r) => sum + r.gzip, 0);
const result = {
  firstPageGzipKb: Number(firstPageGzip.toFixed(1)),
  allGzipKb: Number(allGzip.toFixed(1)),
  budgetKb: BUDGET_KB,
  withinBudget: firstPageGzip <= BUDGET_KB,
  files: rows.map((r) => ({ ...r, raw: Number(r.raw.toFixed(1)), gzip: Number(r.gzip.toFixed(1)) })),
};

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log("Console bundle (kB, gzip level 6 as a CDN serves it)\n");
  for (const row of result.files) {
    console.log(
      `  ${row.first ? "first page" : "lazy      "}  ${row.gzip.toFixed(1).padStart(7)} gz  ${row.raw.toFixed(1).padStart(7)} raw  ${row.file}`,
    );
  }
  console.log(
    `\n  first page: ${result.firstPageGzipKb} kB gzipped (budget ${BUDGET_KB} kB: ${result.withinBudget ? "within" : "OVER"}); everything: ${result.allGzipKb} kB`,
  );
}
if (!result.withinBudget) process.exitCode = 1;
