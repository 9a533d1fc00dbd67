// Builds the contracts, the workspace packages and the console app when they are missing or older than their sources, so
// that every script a newcomer may run first (`npm start`, the demos, the benchmarks, the operator CLI)
// works on a fresh clone and after an edit, without relying on an earlier `npm test`. Plain JavaScript:
// it runs before anything else is built. Progress goes to stderr, so `npm run -s bench:gas -- --json`
// still prints JSON alone.
import { spawnSync } from "node:child_process";
import process from "node:process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * Each build: the sources it reads, the outputs it writes (the stamp last: written after a successful
 * build), and the npm script that builds it. The console comes after the packages (it does not read them,
 * but one failure message at a time is easier to read).
 */
const BUILDS = [
  {
    what: "the contracts and the @kyc-attest packages",
    script: "build:packages",
    stamp: "packages/.build-stamp",
    sources: [
      "contracts",
      "hardhat.config.ts",
      "packages/contracts/build.mjs",
      "packages/contracts/package.json",
      "packages/sdk/src",
      "packages/sdk/package.json",
      "packages/sdk/tsconfig.json",
    ],
    outputs: [
      "artifacts/contracts/KycRegistry.sol/KycRegistry.json",
      "packages/contracts/abi",
      "packages/sdk/dist/index.js",
    ],
  },
  {
    what: "the console app (console/dist, served at /console/ by npm start)",
    script: "build:console",
    stamp: "console/dist/.build-stamp",
    sources: ["console/src", "console/index.html", "console/vite.config.ts", "package-lock.json"],
    outputs: ["console/dist/index.html"],
  },
];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale(build) {
  if ([...build.outputs, build.stamp].some((output) => !existsSync(join(root, output)))) return true;
  const built = statSync(join(root, build.stamp)).mtimeMs;
  return build.sources.some((source) => newestMtime(join(root, source)) > built);
}

const force = process.argv.includes("--force");
for (const build of BUILDS) {
  if (!force && !isStale(build)) continue;
  process.stderr.write(`Building ${build.what} (missing or out of date)...\n`);
  const result = spawnSync("npm", ["run", "-s", build.script], {
    cwd: root,
    // The build's own output goes to stderr too: stdout belongs to the script that runs next.
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (result.status !== 0) {
    process.stderr.write("The build failed; see the output above.\n");
    process.exit(result.status ?? 1);
  }
  writeFileSync(join(root, build.stamp), `${new Date().toISOString()}\n`);
}
