import type { Certificate } from "../certificates.js";
import type { Clock, ProfileRepository } from "../ports.js";
import type { Profile } from "../profile.js";
import type { TicketStore } from "./ports.js";
import { openEddTicketOf, recordEddEvidence } from "./support-desk.js";

/** What intake asks when certificates arrive for a blocked profile (see submit-certificates.ts). */
export interface EvidenceIntake {
  /** Stores the certificates as EDD evidence when the profile has an open EDD ticket; null otherwise. */
  receive(
    profile: Profile,
    certificates: readonly Certificate[],
    principalId: string,
  ): Promise<Profile | null>;
}

/**
 * EDD evidence: the user proves a false positive by sending an additional document through the
 * identity provider, which delivers it as a certificate. The blocked profile keeps its status (only an
 * operator unblocks); the certificates are stored (a newer one replaces the same name) and the EDD
 * ticket records that evidence arrived, so the operator sees it in `ticket show`.
 */
export class EddEvidenceIntake implements EvidenceIntake {
  constructor(private readonly deps: { tickets: TicketStore; profiles: ProfileRepository; clock: Clock }) {}

  async receive(
    profile: Profile,
    certificates: readonly Certificate[],
    principalId: string,
  ): Promise<Profile | null> {
    if (profile.status !== "blocked") return null;
    const ticket = await openEddTicketOf(this.deps.tickets, profile.clientId, profile.refId);
    if (ticket === null) return null;
    const replaced = new Set(certificates.map((c) => c.name));
    const stored: Profile = {
      ...profile,
      certificates: [...profile.certificates.filter((c) => !replaced.has(c.name)), ...certificates],
      updatedAt: this.deps.clock.now(),
      version: profile.version + 1,
    };
    await this.deps.profiles.save({
      profile: stored,
      expectedVersion: profile.version,
      audit: null,
      outbox: [],
      index: { put: [], removeHashes: [] },
    });
    await recordEddEvidence(
      this.deps,
      ticket,
      certificates.map((c) => c.name),
      principalId,
    );
    return stored;
  }
}
