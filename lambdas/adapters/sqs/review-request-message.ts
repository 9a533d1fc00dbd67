import { z } from "zod";
import type { ReviewRequest } from "../../domain/ports.js";

/** The review queue's message body: which profile the bots must decide, at which version. */
export const reviewRequestMessage = z.strictObject({
  clientId: z.string().min(1).max(64),
  refId: z.string().min(1).max(128),
  profileVersion: z.number().int().positive(),
});

export function encodeReviewRequest(request: ReviewRequest): string {
  return JSON.stringify({
    clientId: request.clientId,
    refId: request.refId,
    profileVersion: request.profileVersion,
  });
}

/** Throws a ZodError (or SyntaxError) for a body that is not a review request. */
export function decodeReviewRequest(body: string): ReviewRequest {
  return reviewRequestMessage.parse(JSON.parse(body));
}
