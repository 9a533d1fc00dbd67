import { NotFoundError } from "../errors.js";
import { PROFILE_STATUSES, type ProfileStatus } from "../profile.js";
import type { Service } from "../service.js";
import { slicesOf, type PageRequest } from "./paging.js";
import type { ApplicantIndex } from "./ports.js";
import { statusViewOf, type StatusView } from "./status-view.js";

export interface ListApplicantsRequest extends PageRequest {
  clientId: string;
  /**
   * null: every status, in lifecycle order. `review_requested` is Blockpass's; no profile here is in
   * it (a user asked to change something is `rejected`), so it lists nothing.
   */
  status: ProfileStatus | "review_requested" | null;
}

export interface ApplicantsPageView {
  records: StatusView[];
  total: number;
  skip: number;
  limit: number;
}

export interface ListApplicantsDeps {
  index: ApplicantIndex;
  getService(clientId: string): Promise<Pick<Service, "retention"> | null>;
}

/**
 * A page of a service's profiles. Totals come from per-partition counts, and only the partitions the
 * page overlaps are read. Listings never carry identity attributes, whatever the key; they carry each
 * profile's reason codes, so the decision is visible without personal data.
 */
export async function listApplicants(
  deps: ListApplicantsDeps,
  request: ListApplicantsRequest,
): Promise<ApplicantsPageView> {
  const { clientId, skip, limit } = request;
  const statuses: readonly ProfileStatus[] =
    request.status === null
      ? PROFILE_STATUSES
      : request.status === "review_requested"
        ? []
        : [request.status];
  const [service, counts] = await Promise.all([
    deps.getService(clientId),
    Promise.all(
      statuses.map(async (status) => ({ status, count: await deps.index.count(clientId, status) })),
    ),
  ]);
  if (service === null) throw new NotFoundError("unknown service", { context: { clientId } });
  const slices = slicesOf(counts, { skip, limit });
  const rows = (
    await Promise.all(slices.map((slice) => deps.index.read(clientId, slice.status, slice.skip, slice.take)))
  )
    .flat()
    .slice(0, limit);
  const refIds = rows.map((row) => row.refId);
  const [onchain, reasons] = await Promise.all([
    deps.index.onchainOf(clientId, refIds),
    deps.index.reasonCodesOf(clientId, refIds),
  ]);
  return {
    records: rows.map((row) =>
      statusViewOf(
        { ...row, statusReasonCodes: reasons.get(row.refId) ?? [] },
        service.retention,
        onchain.get(row.refId) ?? null,
      ),
    ),
    total: counts.reduce((sum, { count }) => sum + count, 0),
    skip,
    limit,
  };
}
