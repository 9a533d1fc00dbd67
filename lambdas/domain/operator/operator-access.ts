import { entitlementsOf, type Service } from "../service.js";
import { OperatorAccessDeniedError } from "./errors.js";

/** Throws unless the service's plan lets operators view and act on its profiles (managed plans). */
export function requireOperatorAccess(service: Service): void {
  if (!entitlementsOf(service).operatorAccess) {
    throw new OperatorAccessDeniedError(service.clientId, service.plan);
  }
}
