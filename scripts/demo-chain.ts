/**
 * `npm run demo:chain`: starts a local Hardhat node, deploys the registry and the example dApp with Ignition,
 * attests a batch of wallets, reads them back through the dApp, and prints what happened and what it cost.
 * Options: --port <n> (default: a free port).
 */
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { ZeroHash, keccak256, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import GatedTokenSaleModule from "../ignition/modules/GatedTokenSale.js";
import { startHardhatNode } from "./lib/hardhat-node.js";
import { freePort } from "./lib/ports.js";
import { packWalletExpiry, refKeyOf } from "./lib/registry-codec.js";
import { formatGas, formatTable } from "./lib/table.js";

const { values: options } = parseArgs({ options: { port: { type: "string" } } });
const port = options.port ? Number(options.port) : await freePort();
const DEMO_WALLETS = 8;
const DEPLOYMENT_ID = "demo-chain";

console.log(`Starting a Hardhat node on 127.0.0.1:${port} ...`);
const node = await startHardhatNode({ port });
try {
  const connection = await network.create({ network: "localhost", override: { url: node.rpcUrl } });
  const { ethers, ignition } = connection;
  const [operator, attester, ...users] = await ethers.getSigners();
  if (!operator || !attester || users.length < DEMO_WALLETS + 1) throw new Error("not enough node accounts");

  // A fresh node each run: start a fresh Ignition journal so it does not reuse addresses from a dead chain.
  await rm(new URL(`../ignition/deployments/${DEPLOYMENT_ID}`, import.meta.url), {
    recursive: true,
    force: true,
  });
  const deployed = await ignition.deploy(GatedTokenSaleModule, {
    deploymentId: DEPLOYMENT_ID,
    parameters: { KycRegistryModule: { adminDelaySeconds: 86_400 }, GatedTokenSaleModule: { serviceId: 1n } },
  });
  const registryAddress = await deployed.registry.getAddress();
  const registry = await ethers.getContractAt("KycRegistry", registryAddress);
  const sale = await ethers.getContractAt("GatedTokenSale", await deployed.sale.getAddress());
  const rows: string[][] = [["step", "detail", "gas", "gas per wallet"]];
  const record = async (
    step: string,
    detail: string,
    sent: Promise<ContractTransactionResponse>,
    wallets = 1,
  ) => {
    const receipt = await (await sent).wait();
    if (!receipt) throw new Error(`${step}: no receipt`);
    rows.push([step, detail, formatGas(receipt.gasUsed), formatGas(receipt.gasUsed / BigInt(wallets))]);
    return receipt;
  };
  rows.push(["deploy", `KycRegistry ${registryAddress.slice(0, 10)}…, GatedTokenSale (Ignition)`, "-", "-"]);

  await record("create service", "service 1, attester granted", registry.createService([attester.address]));
  const serviceSalt = keccak256(toUtf8Bytes("demo service salt (kept off-chain)"));
  const verified = users.slice(0, DEMO_WALLETS);
  const outsider = users[DEMO_WALLETS]!;
  const expiresAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 365n * 86_400n;
  const asAttester = registry.connect(attester);
  await record(
    "attest batch",
    `${verified.length} wallets, expiry in 365 days`,
    asAttester.attestBatch(
      1n,
      verified.map((user) => packWalletExpiry(user.address, expiresAt)),
      verified.map((_, index) => refKeyOf(serviceSalt, `demo-ref-${index + 1}`)),
    ),
    verified.length,
  );

  const reads: string[][] = [
    ["wallet", "registry.isVerified", "sale.isKycVerified", "issued for its refKey"],
  ];
  for (const [index, user] of [...verified, outsider].entries()) {
    const refKey = index < verified.length ? refKeyOf(serviceSalt, `demo-ref-${index + 1}`) : ZeroHash;
    reads.push([
      user.address,
      String(await registry.isVerified(1n, user.address)),
      String(await sale.isKycVerified(user.address)),
      String(await registry.isIssuedFor(1n, user.address, refKey)),
    ]);
  }

  await record(
    "contribute",
    "verified wallet buys 1 ETH",
    sale.connect(verified[0]!).contribute({ value: 10n ** 18n }),
  );
  const refused = await sale
    .connect(outsider)
    .contribute({ value: 10n ** 18n })
    .then(() => "accepted (unexpected)")
    .catch((error: Error) =>
      error.message.includes("KycGatedNotVerified") ? "refused: KycGatedNotVerified" : error.message,
    );
  rows.push(["contribute", `unverified wallet → ${refused}`, "-", "-"]);
  await record("revoke batch", "wallet 2 loses its flag", asAttester.revokeBatch(1n, [verified[1]!.address]));
  rows.push([
    "read",
    `wallet 2 isVerified after revoke → ${await registry.isVerified(1n, verified[1]!.address)}`,
    "-",
    "-",
  ]);

  console.log(`\nChain ${node.chainId}, registry ${registryAddress}, sale ${await sale.getAddress()}\n`);
  console.log(formatTable(reads));
  console.log("");
  console.log(formatTable(rows));
  console.log(`\nDeployment addresses: ignition/deployments/${DEPLOYMENT_ID}/deployed_addresses.json`);
  await connection.close();
} finally {
  await node.stop();
}
