/** The registry's administration as operators need it (an adapter signs with the registry admin key). */
export interface RegistryAdmin {
  /** Creates a registry service whose attester is the pipeline's signer; the id is a decimal string. */
  createService(): Promise<RegisteredService>;
}

export interface RegisteredService {
  serviceId: string;
  txHash: string;
}
