import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the KycRegistry. Parameters (ignition/parameters/<network>.json or the `parameters` option):
 * - `admin`: holder of DEFAULT_ADMIN_ROLE (default: the deploying account);
 * - `adminDelaySeconds`: delay before an admin transfer can be accepted (default: 3 days);
 * - `pauser`: account granted PAUSER_ROLE (default: the deploying account).
 * Ignition records the address in ignition/deployments/<deployment id>/deployed_addresses.json.
 */
export default buildModule("KycRegistryModule", (m) => {
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const adminDelaySeconds = m.getParameter("adminDelaySeconds", 3 * 24 * 60 * 60);
  const pauser = m.getParameter("pauser", deployer);

  const registry = m.contract("KycRegistry", [adminDelaySeconds, admin]);
  const pauserRole = m.staticCall(registry, "PAUSER_ROLE");
  m.call(registry, "grantRole", [pauserRole, pauser]);

  return { registry };
});
