// A business's back end and an identity provider against a running kyc-attest (the local stack in CI),
// using only the published packages. Configuration comes from the environment (see `setting`).
import { createServer, type IncomingHttpHeaders } from "node:http";
import { registryAddress } from "@kyc-attest/contracts";
import {
  IntakeClient,
  KycApiError,
  StatusClient,
  verifyWebhook,
  type Certificate,
  type StatusRecord,
  type WebhookPayload,
} from "@kyc-attest/sdk";
import { refKeyOf, registryReaderFromEthers } from "@kyc-attest/sdk/registry";
import { registryReaderFromViem } from "@kyc-attest/sdk/viem";
import { JsonRpcProvider, Wallet } from "ethers";
import { createPublicClient, http } from "viem";

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`set ${name}`);
  return value;
}

/** Polls `check` until it answers a value (not undefined), or fails after `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const apiUrl = setting("KYC_API_URL");
const clientId = setting("KYC_CLIENT_ID");

// --- The business's webhook receiver: keep the raw body, verify before parsing.
const deliveries: { body: string; headers: IncomingHttpHeaders }[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    deliveries.push({ body: Buffer.concat(chunks).toString("utf8"), headers: request.headers });
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(Number(setting("WEBHOOK_PORT")), "127.0.0.1", resolve));

// --- The identity provider: a profile and its certificates through intake.
const intake = new IntakeClient({ baseUrl: apiUrl, apiKey: setting("KYC_INTAKE_KEY"), clientId });
const wallet = Wallet.createRandom().address;
const refId = `sdk-user-${Date.now()}`;
await intake.submitProfile({
  refId,
  wallet,
  identity: { givenName: "Ada", familyName: "Lovelace", dob: "1990-12-10", nationality: "GB" },
  documents: [{ type: "passport", number: `P${Date.now()}`, country: "GB" }],
});
const certificates: Certificate[] = [
  { name: "identity-document", status: "CLEAR", checks: [] },
  { name: "selfie", status: "CLEAR", checks: [] },
  { name: "aml", status: "CLEAR", checks: [], aml: { hits: [] } },
];
const afterCertificates = await intake.submitCertificates(refId, certificates);
// A second user who has not finished: the listing below pages over both.
await intake.submitProfile({
  refId: `${refId}-pending`,
  wallet: Wallet.createRandom().address,
  identity: { givenName: "Grace", familyName: "Hopper", dob: "1986-12-09", nationality: "US" },
  documents: [],
});

// --- The business: statuses through the status API (typed records, no personal data).
const status = new StatusClient({ baseUrl: apiUrl, apiKey: setting("KYC_STATUS_KEY"), clientId });
const approved: StatusRecord = await until("the bots to approve the profile", async () => {
  const record = await status.getByRefId(refId);
  return record.status === "approved" ? record : undefined;
});
const listed: string[] = [];
for await (const applicant of status.applicants({ limit: 1 })) listed.push(applicant.refId);
let unknownRefId: number | null = null;
try {
  await status.getByRefId("nobody-by-this-ref");
} catch (error) {
  if (error instanceof KycApiError) unknownRefId = error.status;
}

// --- The webhook the service delivered for the approval, verified with the service's secret.
const secret = setting("KYC_WEBHOOK_SECRET");
const delivery = await until("the approval webhook", async () =>
  deliveries.find((candidate) => {
    const payload = JSON.parse(candidate.body) as WebhookPayload;
    return payload.refId === refId && payload.status === "approved";
  }),
);
const verification = await verifyWebhook(delivery.body, delivery.headers, secret);
const tampered = await verifyWebhook(delivery.body.replace("approved", "rejected"), delivery.headers, secret);
receiver.close();

// --- The dApp side: the wallet's flag on the registry, found through the package's deployments.
const provider = new JsonRpcProvider(setting("KYC_RPC_URL"));
const { chainId } = await provider.getNetwork();
const address = registryAddress(chainId);
if (address === undefined) throw new Error(`no registry known on chain ${chainId}`);
const registry = registryReaderFromEthers(provider, address);
const serviceId = setting("KYC_REGISTRY_SERVICE_ID");
await until("the wallet's flag on the registry", async () =>
  (await registry.isVerified(serviceId, wallet)) ? true : undefined,
);
const verifiedUntil = await registry.verifiedUntil(serviceId, wallet);
const batch = await registry.verifications(serviceId, [wallet, Wallet.createRandom().address]);
// The business checks the wallet against its own refId, with the salt only its status key gets.
const coordinates = await status.onchain();
const issuedFor = {
  own: await registry.isIssuedFor(coordinates.serviceId, wallet, refKeyOf(coordinates.salt, refId)),
  otherRefId: await registry.isIssuedFor(
    coordinates.serviceId,
    wallet,
    refKeyOf(coordinates.salt, `${refId}-pending`),
  ),
};
provider.destroy();
// The same reader on viem (no ethers involved).
const viemRegistry = registryReaderFromViem(
  createPublicClient({ transport: http(setting("KYC_RPC_URL")) }),
  address,
);
const viemVerification = await viemRegistry.verification(serviceId, wallet);
const viemIssuedFor = await viemRegistry.isIssuedFor(
  coordinates.serviceId,
  wallet,
  refKeyOf(coordinates.salt, refId),
);

console.log(
  JSON.stringify({
    intakeStatus: afterCertificates.status,
    status: approved.status,
    onchain: approved.onchain,
    listed,
    unknownRefId,
    webhook: { valid: verification.valid, tamperedValid: tampered.valid },
    registry: { address, verifiedUntil: verifiedUntil?.toISOString() ?? null, batch },
    viem: {
      verified: viemVerification.verified,
      verifiedUntil: viemVerification.verifiedUntil?.toISOString() ?? null,
      issuedFor: viemIssuedFor,
    },
    refKeyCheck: {
      chainId: coordinates.chainId,
      registry: coordinates.registry,
      serviceId: coordinates.serviceId,
      issuedFor,
    },
    refId,
    wallet,
  }),
);
