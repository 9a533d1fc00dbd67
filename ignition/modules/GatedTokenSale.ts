import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import KycRegistryModule from "./KycRegistry.js";

/** Deploys the example dApp gated on one service of the registry (parameter `serviceId`, default 1). */
export default buildModule("GatedTokenSaleModule", (m) => {
  const { registry } = m.useModule(KycRegistryModule);
  const serviceId = m.getParameter("serviceId", 1n);
  const sale = m.contract("GatedTokenSale", [registry, serviceId]);
  return { registry, sale };
});
