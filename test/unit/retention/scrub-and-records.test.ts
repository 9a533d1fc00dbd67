import type { AuditEntry } from "../../../lambdas/domain/audit.js";
import { archiveRecordOf } from "../../../lambdas/domain/retention/archive-record.js";
import { identifierRowsExpireAt } from "../../../lambdas/domain/retention/identifier-retention.js";
import { ERASED_REASON, retentionAuditEntry } from "../../../lambdas/domain/retention/retention-audit.js";
import {
  archivedProfileOf,
  erasedProfileOf,
  holdsNoPersonalData,
} from "../../../lambdas/domain/retention/scrub.js";
import { aProfile, aService, clearCertificates } from "../../support/domain-builders.js";

const AT = "2026-06-01T00:00:00.000Z";
const full = (overrides = {}) => aProfile({ certificates: clearCertificates(), version: 4, ...overrides });

describe("archivedProfileOf", () => {
  it("removes identity, documents, IP country and certificates and keeps the status record", () => {
    const profile = full({ status: "rejected", rejectedDate: "2026-02-01T00:00:00.000Z" });
    const archived = archivedProfileOf(profile, AT);
    expect(holdsNoPersonalData(archived)).toBe(true);
    expect(archived).toMatchObject({
      refId: profile.refId,
      recordId: profile.recordId,
      status: "rejected",
      rejectedDate: "2026-02-01T00:00:00.000Z",
      submitCount: 1,
      isArchived: true,
      deleted: false,
      version: 5,
      updatedAt: AT,
      lastStatusChangeAt: profile.lastStatusChangeAt,
      wallet: "",
    });
    expect(holdsNoPersonalData(profile)).toBe(false);
  });

  it("keeps the wallet of an approved profile, whose on-chain flag stays until it expires", () => {
    const profile = full({ status: "approved", approvedDate: "2026-02-01T00:00:00.000Z" });
    expect(archivedProfileOf(profile, AT).wallet).toBe(profile.wallet);
  });
});

describe("erasedProfileOf", () => {
  it("removes the personal data including the wallet and marks the profile deleted", () => {
    const erased = erasedProfileOf(full({ status: "approved" }), AT);
    expect(holdsNoPersonalData(erased)).toBe(true);
    expect(erased).toMatchObject({ wallet: "", deleted: true, status: "approved", version: 5 });
  });
});

describe("retentionAuditEntry", () => {
  it("records who and why with the new version, without a note", () => {
    const before = full({ status: "blocked" });
    const after = erasedProfileOf(before, AT);
    const entry = retentionAuditEntry(before, after, { kind: "operator", id: "ops-1" }, ERASED_REASON);
    expect(entry).toMatchObject({
      from: "blocked",
      to: "blocked",
      actor: { kind: "operator", id: "ops-1" },
      reasonCodes: [ERASED_REASON],
      profileVersion: 5,
      at: AT,
    });
    expect(entry).not.toHaveProperty("note");
  });
});

describe("identifierRowsExpireAt", () => {
  const service = aService({ attestationValidityDays: 30 });

  it("keeps an approved profile's rows until its attestation expires", () => {
    const profile = { status: "approved" as const, approvedDate: "2026-05-20T00:00:00.000Z" };
    expect(identifierRowsExpireAt(service, profile, AT)).toBe(Date.parse("2026-06-19T00:00:00.000Z") / 1000);
  });

  it("deletes the rows of other statuses and of expired approvals now", () => {
    expect(identifierRowsExpireAt(service, { status: "rejected", approvedDate: null }, AT)).toBeNull();
    expect(
      identifierRowsExpireAt(service, { status: "blocked", approvedDate: "2026-05-20T00:00:00.000Z" }, AT),
    ).toBeNull();
    expect(
      identifierRowsExpireAt(service, { status: "approved", approvedDate: "2026-04-01T00:00:00.000Z" }, AT),
    ).toBeNull();
  });
});

describe("archiveRecordOf", () => {
  it("keeps status, dates, the on-chain record without the wallet, and audit entries without notes", () => {
    const profile = archivedProfileOf(
      full({ status: "approved", approvedDate: "2026-02-01T00:00:00.000Z" }),
      AT,
    );
    const audit: AuditEntry = {
      id: "a1",
      clientId: "acme",
      refId: "user-1",
      recordId: profile.recordId,
      from: "waiting",
      to: "approved",
      actor: { kind: "operator", id: "ops-1" },
      reasonCodes: ["MANUAL"],
      ruleVersion: "r1",
      at: "2026-02-01T00:00:00.000Z",
      profileVersion: 3,
      note: "checked Ana Pereira's passport by phone",
    };
    const onchain = {
      chainId: 31337,
      registry: "0xregistry",
      serviceId: "0xservice",
      verifiedUntil: 1_800_000_000,
      txHash: "0xtx",
      blockNumber: 7,
      wallet: profile.wallet,
    };
    const record = archiveRecordOf(profile, [audit], onchain, AT);
    expect(record.onchain).toEqual({
      chainId: 31337,
      registry: "0xregistry",
      serviceId: "0xservice",
      verifiedUntil: 1_800_000_000,
      txHash: "0xtx",
      blockNumber: 7,
    });
    expect(record.audit).toEqual([{ ...audit, note: undefined }].map(({ note: _n, ...rest }) => rest));
    const text = JSON.stringify(record);
    for (const personal of ["Ana", "Pereira", "1990-04-01", "CA 123-456", profile.wallet]) {
      expect(text).not.toContain(personal);
    }
    expect(record).toMatchObject({ status: "approved", isArchived: true, archivedAt: AT, schemaVersion: 1 });
  });
});
