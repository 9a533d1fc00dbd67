import { enc, get, post } from "./client";
import { profilePageDataOf, type ProfilePageData } from "./profile-view";
import type { ActionRequest, ProfileAction, QueuePage, QueueStatus } from "./types";

/** What GET and open answer: the profile, and for operators its on-chain record beside it. */
type ProfileAnswer = { profile: unknown; onchain?: unknown };

const profilePath = (clientId: string, refId: string) => `/services/${enc(clientId)}/profiles/${enc(refId)}`;

export function loadQueue(
  clientId: string,
  params: { status: QueueStatus; reasonCode?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<QueuePage> {
  const search = new URLSearchParams({ status: params.status, limit: String(params.limit ?? 25) });
  if (params.reasonCode) search.set("reasonCode", params.reasonCode);
  if (params.cursor) search.set("cursor", params.cursor);
  return get<QueuePage>(`/services/${enc(clientId)}/queue?${search.toString()}`, signal);
}

export async function loadProfile(
  clientId: string,
  refId: string,
  signal?: AbortSignal,
): Promise<ProfilePageData> {
  return profilePageDataOf(await get<ProfileAnswer>(profilePath(clientId, refId), signal));
}

/** Opening a waiting profile puts it in review (the backend answers changed: false otherwise). */
export async function openProfile(clientId: string, refId: string): Promise<ProfilePageData> {
  return profilePageDataOf(await post<ProfileAnswer>(`${profilePath(clientId, refId)}/open`));
}

/** The decision. Its answer differs by role and action, so the page reloads the profile after it. */
export async function decide(clientId: string, refId: string, request: ActionRequest): Promise<void> {
  await post<unknown>(`${profilePath(clientId, refId)}/actions`, request);
}

export const ACTION_LABELS: Record<ProfileAction, string> = {
  approve: "Approve",
  reject: "Reject",
  block: "Block",
  unblock: "Unblock",
  "request-resubmission": "Request resubmission",
  erase: "Erase (data-deletion request)",
};

export const ACTION_DONE: Record<ProfileAction, string> = {
  approve: "approved",
  reject: "rejected",
  block: "blocked",
  unblock: "unblocked",
  "request-resubmission": "sent back for resubmission",
  erase: "erased",
};

/** Whether the action needs the remediation text (sent to the user) and whether it must be filled. */
export function remediationOf(
  action: ProfileAction,
  role: "operator" | "customer",
): "none" | "optional" | "required" {
  if (action === "request-resubmission") return "required";
  if (action === "reject") return role === "customer" ? "required" : "optional";
  return "none";
}

/** Actions that cannot be undone from the queue get a confirmation dialog. */
export const CONFIRMED_ACTIONS: ReadonlySet<ProfileAction> = new Set(["block", "erase"]);
