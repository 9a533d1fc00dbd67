import { describe, expect, it } from "@jest/globals";
import { ValidationError } from "../../../lambdas/domain/errors.js";
import type { CertificateName } from "../../../lambdas/domain/certificates.js";
import type { Plan, ServiceInput } from "../../../lambdas/domain/service.js";
import { createService, entitlementsOf } from "../../../lambdas/domain/service.js";
import { aService } from "./support/fixtures.js";

describe("entitlementsOf (DESIGN.md §4 plan table)", () => {
  const table: [Plan, boolean, ReturnType<typeof entitlementsOf>][] = [
    [
      "payg",
      false,
      {
        kycBot: true,
        advancedBot: false,
        deduplication: false,
        onchainKyc: false,
        operatorAccess: false,
        weeklyReport: false,
        periodicQa: false,
      },
    ],
    [
      "payg",
      true, // enabling the Advanced KYC Bot is a self-managed option only
      {
        kycBot: true,
        advancedBot: false,
        deduplication: false,
        onchainKyc: false,
        operatorAccess: false,
        weeklyReport: false,
        periodicQa: false,
      },
    ],
    [
      "self-managed",
      false,
      {
        kycBot: true,
        advancedBot: false,
        deduplication: false,
        onchainKyc: false,
        operatorAccess: false,
        weeklyReport: false,
        periodicQa: false,
      },
    ],
    [
      "self-managed",
      true,
      {
        kycBot: true,
        advancedBot: true,
        deduplication: true,
        onchainKyc: false,
        operatorAccess: false,
        weeklyReport: false,
        periodicQa: false,
      },
    ],
    [
      "managed",
      false,
      {
        kycBot: true,
        advancedBot: true,
        deduplication: true,
        onchainKyc: true,
        operatorAccess: true,
        weeklyReport: false,
        periodicQa: false,
      },
    ],
    [
      "managed-dedicated",
      false,
      {
        kycBot: true,
        advancedBot: true,
        deduplication: true,
        onchainKyc: true,
        operatorAccess: true,
        weeklyReport: true,
        periodicQa: true,
      },
    ],
  ];

  it.each(table)("%s (advancedBotEnabled=%s)", (plan, advancedBotEnabled, expected) => {
    expect(entitlementsOf({ plan, advancedBotEnabled })).toEqual(expected);
  });
});

describe("createService", () => {
  it("applies the documented defaults", () => {
    const service = createService({
      clientId: "acme",
      name: "Acme",
      plan: "payg",
      createdAt: "2026-01-01T00:00:00Z",
    });
    expect(service).toEqual({
      clientId: "acme",
      name: "Acme",
      plan: "payg",
      botPolicy: "standard",
      advancedBotEnabled: false,
      requiredCertificates: ["identity-document", "selfie", "aml"],
      retention: { mode: "ongoing" },
      attestationValidityDays: 365,
      onchainServiceId: null,
      amlThresholds: { block: 100, review: 85 },
      createdAt: "2026-01-01T00:00:00Z",
    });
  });

  it.each([
    [{ clientId: "bad id!" }, "clientId"],
    [{ botPolicy: "custom" as const }, "customPolicy"],
    [{ requiredCertificates: [] as CertificateName[] }, "requiredCertificates"],
    [{ requiredCertificates: ["selfie", "selfie"] as CertificateName[] }, "requiredCertificates"],
    [{ attestationValidityDays: 0 }, "attestationValidityDays"],
    [{ amlThresholds: { block: 80, review: 90 } }, "amlThresholds"],
    [{ retention: { mode: "single-event" as const, eventEndDate: "soon" } }, "retention.eventEndDate"],
    [
      { botPolicy: "custom" as const, customPolicy: { actions: {}, maxRejections: -1 } },
      "customPolicy.maxRejections",
    ],
  ] satisfies [Partial<ServiceInput>, string][])("rejects %j on field %s", (overrides, field) => {
    const build = (): unknown => aService(overrides);
    expect(build).toThrow(ValidationError);
    try {
      build();
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });
});
