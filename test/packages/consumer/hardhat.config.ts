import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  solidity: {
    // The solc-js build from npm (no compiler download); its version must be the `solc` package's.
    version: (require("solc/package.json") as { version: string }).version,
    path: require.resolve("solc/soljson.js"),
  },
});
