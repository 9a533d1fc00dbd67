import type { FlagTarget } from "../../domain/operator/change-plan.js";
import type { Page } from "../../domain/ports.js";
import type { DynamoDbChainProfileReader } from "./chain-profile-reader.js";
import type { DynamoDbChainRecordStore } from "./chain-record-store.js";
import type { DynamoDbProfileRepository } from "./profile-repository.js";

/**
 * A service's approved profiles (status index, then their chain fields: wallet, version, approval date),
 * a page at a time: what a move onto a managed plan attests.
 */
export class DynamoDbApprovedProfilePages {
  constructor(
    private readonly profiles: DynamoDbProfileRepository,
    private readonly reader: DynamoDbChainProfileReader,
  ) {}

  async page(clientId: string, cursor: string | null, limit: number): Promise<Page<FlagTarget>> {
    const page = await this.profiles.listByStatus(clientId, "approved", cursor, limit);
    const views = await this.reader.read(
      clientId,
      page.items.map((row) => row.refId),
    );
    const items = page.items.flatMap((row) => {
      const view = views.get(row.refId);
      // Changed since the index was read (or erased): its own status change tells the chain.
      if (view === undefined || view.status !== "approved" || view.deleted) return [];
      return [
        {
          refId: view.refId,
          wallet: view.wallet,
          profileVersion: view.version,
          approvedDate: view.approvedDate,
        },
      ];
    });
    return { items, cursor: page.cursor };
  }
}

/**
 * The wallets the chain pipeline recorded as flagged for a service, with the profile version applied
 * on-chain, a page at a time: what leaving a managed plan revokes.
 */
export class DynamoDbRecordedFlagPages {
  constructor(private readonly records: DynamoDbChainRecordStore) {}

  async page(clientId: string, cursor: string | null, limit: number): Promise<Page<FlagTarget>> {
    const page = await this.records.walletFlagPage(clientId, cursor, limit);
    const flagged = page.items.filter((flag) => flag.verifiedUntil > 0);
    const applied = await this.records.appliedStates(
      flagged.map((flag) => ({ clientId, refId: flag.refId })),
    );
    const items = flagged.map((flag) => ({
      refId: flag.refId,
      wallet: flag.wallet,
      profileVersion: applied.get(`${clientId}#${flag.refId}`)?.profileVersion ?? 0,
      approvedDate: null,
    }));
    return { items, cursor: page.cursor };
  }
}
