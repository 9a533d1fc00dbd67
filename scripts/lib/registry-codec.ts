// The codec lives with the Lambda chain adapters (bundled into the attester); scripts share it.
export {
  packWalletExpiry,
  refKeyOf,
  unpackWalletExpiry,
} from "../../lambdas/adapters/chain/registry-codec.js";
