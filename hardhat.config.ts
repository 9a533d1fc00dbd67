import { createRequire } from "node:module";
import hardhatToolboxMochaEthersPlugin from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);
// Hardhat cannot download compilers on these machines: use the solc-js build from npm.
// The version must equal the installed `solc` package (pinned exactly in package.json).
const solcVersion: string = (require("solc/package.json") as { version: string }).version;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthersPlugin],
  solidity: {
    version: solcVersion,
    path: require.resolve("solc/soljson.js"),
    settings: {
      evmVersion: "prague",
      optimizer: { enabled: true, runs: 1000000 },
    },
  },
  paths: {
    tests: { mocha: "test/contracts", solidity: "contracts/test" },
  },
  networks: {
    // The in-process network (tests, benchmarks, `hardhat node`): Prague, the fork the gas targets are set on.
    default: { type: "edr-simulated", chainType: "l1", hardfork: "prague" },
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
