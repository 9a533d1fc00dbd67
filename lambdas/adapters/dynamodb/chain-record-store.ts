import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { batchGetItems } from "./batch-get.js";
import { decodeCursor, encodeCursor, isStringKey } from "./cursor.js";
import {
  CHAIN_ENTITY,
  WALLET_SHARDS,
  profileChainKey,
  walletFlagKey,
  walletFlagPartition,
} from "./chain-keys.js";

/** What the record of a profile's last applied chain change says. */
export interface AppliedState {
  profileVersion: number;
  /** When it was confirmed (ISO-8601); absent for records that do not say. */
  confirmedAt?: string;
  /** The flag's expiry it left: 0 revoked or never issued, null an erased profile's marker. */
  verifiedUntil: number | null;
}

/** Where a profile's flag stands on-chain, as last confirmed by the attester (the status API shows it). */
export interface ProfileOnchainRecord {
  clientId: string;
  refId: string;
  chainId: number;
  registry: string;
  serviceId: string;
  wallet: string;
  /** Seconds since the epoch; 0 when the flag was revoked (or never issued for this profile). */
  verifiedUntil: number;
  txHash: string;
  blockNumber: number;
  /** Gas the whole transaction spent (it may carry other wallets of the service); null on older records. */
  txGasUsed: string | null;
  /** The profile version whose status this reflects; older intents are skipped. */
  profileVersion: number;
  confirmedAt: string;
}

/** A wallet the pipeline flagged or unflagged for a service (the reconcile job's list of candidates). */
export interface WalletFlagRecord {
  clientId: string;
  wallet: string;
  /** The profile the flag was last issued for or revoked from. */
  refId: string;
  verifiedUntil: number;
  txHash: string;
  blockNumber: number;
  confirmedAt: string;
}

/**
 * A profile erased by its user whose revocation is confirmed: the pipeline keeps nothing of its wallet,
 * only the applied version (so late or repeated intents of the profile stay skipped).
 */
export interface ErasedProfile {
  clientId: string;
  refId: string;
  profileVersion: number;
  /** Wallets whose flag record may still name the profile (deleted only while they do). */
  wallets: string[];
}

const BATCH_WRITE_LIMIT = 25;
/** Concurrent BatchWriteItem requests while recording a batch. */
const WRITE_LANES = 4;

export class DynamoDbChainRecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getProfileRecord(clientId: string, refId: string): Promise<ProfileOnchainRecord | null> {
    const { Item: item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: profileChainKey(clientId, refId),
        ConsistentRead: true,
      }),
    );
    return item === undefined ? null : profileRecordOf(item);
  }

  /** The applied profile version per `clientId#refId` (absent: nothing applied yet). */
  async appliedVersions(
    profiles: readonly { clientId: string; refId: string }[],
  ): Promise<Map<string, number>> {
    const states = await this.appliedStates(profiles);
    return new Map([...states].map(([key, state]) => [key, state.profileVersion]));
  }

  /**
   * What is recorded as applied per `clientId#refId`: the profile version, when it was confirmed, and
   * the flag's `verifiedUntil` it left (0: revoked or never issued; null: an erased profile's marker);
   * absent: nothing applied yet.
   */
  async appliedStates(
    profiles: readonly { clientId: string; refId: string }[],
  ): Promise<Map<string, AppliedState>> {
    const unique = [...new Map(profiles.map((p) => [`${p.clientId}#${p.refId}`, p])).values()];
    const states = new Map<string, AppliedState>();
    const items = await batchGetItems(
      this.client,
      this.tableName,
      unique.map((p) => profileChainKey(p.clientId, p.refId)),
      { consistentRead: true, projection: "clientId, refId, profileVersion, confirmedAt, verifiedUntil" },
    );
    for (const item of items) {
      states.set(`${item.clientId as string}#${item.refId as string}`, {
        profileVersion: item.profileVersion as number,
        verifiedUntil: typeof item.verifiedUntil === "number" ? item.verifiedUntil : null,
        ...(typeof item.confirmedAt === "string" ? { confirmedAt: item.confirmedAt } : {}),
      });
    }
    return states;
  }

  /**
   * Records a profile's confirmed on-chain state unless a newer version is already recorded (an equal
   * version may be re-recorded by a repair). Returns false when the record was newer.
   */
  async recordProfile(record: ProfileOnchainRecord): Promise<boolean> {
    return this.setUnlessNewer(
      profileChainKey(record.clientId, record.refId),
      { entity: CHAIN_ENTITY.profileRecord, ...record },
      "profileVersion",
    );
  }

  /** Records a wallet's confirmed flag unless a later block already recorded it. */
  async recordWallet(record: WalletFlagRecord): Promise<boolean> {
    return this.setUnlessNewer(
      walletFlagKey(record.clientId, record.wallet),
      { entity: CHAIN_ENTITY.walletFlag, ...record },
      "blockNumber",
    );
  }

  /**
   * Sets `attributes` on the item unless it already holds a higher `order` (profile version, block
   * number): repairs may write the same state again, never an older one. False when it was newer.
   */
  private async setUnlessNewer(
    key: Record<string, string>,
    attributes: Record<string, unknown>,
    order: "profileVersion" | "blockNumber",
  ): Promise<boolean> {
    const names = Object.keys(attributes);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${names.map((_, index) => `#a${index} = :a${index}`).join(", ")}`,
          ConditionExpression: `attribute_not_exists(#order) OR #order <= :order`,
          ExpressionAttributeNames: {
            "#order": order,
            ...Object.fromEntries(names.map((name, index) => [`#a${index}`, name])),
          },
          ExpressionAttributeValues: {
            ":order": attributes[order],
            ...Object.fromEntries(names.map((name, index) => [`:a${index}`, attributes[name]])),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Writes many confirmed records at once (BatchWriteItem, unconditional). Safe because one attester per
   * signer records its transactions in nonce order, so a record is never older than the one it replaces;
   * `recordProfile` / `recordWallet` keep the conditional form for writers without that guarantee.
   */
  async putConfirmed(
    profiles: readonly ProfileOnchainRecord[],
    wallets: readonly WalletFlagRecord[],
  ): Promise<void> {
    const items = [
      ...profiles.map((record) => ({
        ...profileChainKey(record.clientId, record.refId),
        entity: CHAIN_ENTITY.profileRecord,
        ...record,
      })),
      ...wallets.map((record) => ({
        ...walletFlagKey(record.clientId, record.wallet),
        entity: CHAIN_ENTITY.walletFlag,
        ...record,
      })),
    ];
    // One item per key per request: a profile recorded twice in one batch keeps its newest version.
    const unique = new Map<string, Record<string, unknown>>();
    for (const item of items) unique.set(`${item.pk}|${item.sk}`, item);
    const chunks: Record<string, unknown>[][] = [];
    const all = [...unique.values()];
    for (let start = 0; start < all.length; start += BATCH_WRITE_LIMIT)
      chunks.push(all.slice(start, start + BATCH_WRITE_LIMIT));
    await Promise.all(
      Array.from({ length: Math.min(WRITE_LANES, chunks.length) }, async () => {
        for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift()) {
          let requests = chunk.map((item) => ({ PutRequest: { Item: item } }));
          for (let attempt = 0; requests.length > 0; attempt += 1) {
            if (attempt > 0)
              await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
            const result = await this.client.send(
              new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
            );
            requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
          }
        }
      }),
    );
  }

  /**
   * Forgets erased profiles' wallets once their revocation is confirmed: the profile's on-chain record
   * becomes a marker holding only the applied version (written unless a newer version is recorded), and
   * each wallet's flag record is deleted while it still names the profile (a flag re-attested for another
   * holder of the wallet is that holder's). Every step is idempotent, so a crash and a redo are harmless.
   */
  async forgetErased(profiles: readonly ErasedProfile[]): Promise<void> {
    for (const profile of profiles) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...profileChainKey(profile.clientId, profile.refId),
              entity: CHAIN_ENTITY.profileRecord,
              clientId: profile.clientId,
              refId: profile.refId,
              profileVersion: profile.profileVersion,
              erased: true,
            },
            ConditionExpression: "attribute_not_exists(profileVersion) OR profileVersion <= :profileVersion",
            ExpressionAttributeValues: { ":profileVersion": profile.profileVersion },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      for (const wallet of new Set(profile.wallets.map((w) => w.toLowerCase()))) {
        try {
          await this.client.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: walletFlagKey(profile.clientId, wallet),
              ConditionExpression: "refId = :refId",
              ExpressionAttributeValues: { ":refId": profile.refId },
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    }
  }

  /**
   * One page of the wallets the pipeline recorded for a service, shard by shard; the cursor (opaque)
   * names the shard and the key to continue from. Null cursor: the last page.
   */
  async walletFlagPage(
    clientId: string,
    cursor: string | null,
    limit: number,
  ): Promise<{ items: WalletFlagRecord[]; cursor: string | null }> {
    const position = cursor === null ? { shard: 0 } : decodeCursor(cursor, isShardPosition);
    const items: WalletFlagRecord[] = [];
    let shard = position.shard;
    let startKey: Record<string, unknown> | undefined = position.key;
    while (shard < WALLET_SHARDS.length && items.length < limit) {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": walletFlagPartition(clientId, WALLET_SHARDS[shard] as string) },
          ExclusiveStartKey: startKey,
          Limit: limit - items.length,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []).map(walletFlagFromItem));
      startKey = page.LastEvaluatedKey;
      if (startKey === undefined) shard += 1;
    }
    const done = shard >= WALLET_SHARDS.length;
    return {
      items,
      cursor: done ? null : encodeCursor(startKey === undefined ? { shard } : { shard, key: startKey }),
    };
  }

  /** Every wallet the pipeline recorded for a service, shard by shard. */
  async *walletFlags(clientId: string): AsyncGenerator<WalletFlagRecord> {
    for (const shard of WALLET_SHARDS) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": walletFlagPartition(clientId, shard) },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) yield walletFlagFromItem(item);
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    }
  }
}

/**
 * The profile's on-chain record in a `CHAIN` item, for every reader of that item. An erased profile's item
 * is a marker holding only the applied version, without on-chain details: null, nothing to show.
 */
export function profileRecordOf(item: Record<string, unknown>): ProfileOnchainRecord | null {
  if (item.erased === true) return null;
  return {
    clientId: item.clientId as string,
    refId: item.refId as string,
    chainId: item.chainId as number,
    registry: item.registry as string,
    serviceId: item.serviceId as string,
    wallet: item.wallet as string,
    verifiedUntil: item.verifiedUntil as number,
    txHash: item.txHash as string,
    blockNumber: item.blockNumber as number,
    txGasUsed: (item.txGasUsed ?? null) as string | null,
    profileVersion: item.profileVersion as number,
    confirmedAt: item.confirmedAt as string,
  };
}

function walletFlagFromItem(item: Record<string, unknown>): WalletFlagRecord {
  return {
    clientId: item.clientId as string,
    wallet: item.wallet as string,
    refId: item.refId as string,
    verifiedUntil: item.verifiedUntil as number,
    txHash: item.txHash as string,
    blockNumber: item.blockNumber as number,
    confirmedAt: item.confirmedAt as string,
  };
}

function isShardPosition(value: unknown): value is { shard: number; key?: Record<string, string> } {
  if (typeof value !== "object" || value === null) return false;
  const { shard, key } = value as { shard?: unknown; key?: unknown };
  return (
    typeof shard === "number" &&
    Number.isInteger(shard) &&
    shard >= 0 &&
    shard < WALLET_SHARDS.length &&
    (key === undefined || isStringKey(key))
  );
}
