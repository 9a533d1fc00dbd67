/**
 * The analysis of Blockpass's AML-remediation script (`app/blockpass.py` flatten_identities and
 * extract_aml_data, `app/analysis.py` analyze_record), carried over line by line: what that script
 * concludes from a `recordId` answer. Written from the script, not from this repository.
 */
type Json = Record<string, unknown>;

export function flattenIdentities(identities: Json, prefix = ""): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(identities)) {
    if (entry !== null && typeof entry === "object" && "value" in entry) {
      const value = (entry as { value: unknown }).value;
      if (value !== null && typeof value === "object") {
        for (const [subKey, subValue] of Object.entries(value)) flat[`${prefix}${key}_${subKey}`] = subValue;
      } else {
        flat[`${prefix}${key}`] = value;
      }
    }
  }
  return flat;
}

export interface AmlData {
  aml_status: string;
  aml_hits_raw: string;
}

export function extractAmlData(certs: Json): AmlData {
  const memberCheckRaw = certs.member_check_cert;
  let status = "CLEAR";
  const hits: Json[] = [];
  if (typeof memberCheckRaw === "string" && memberCheckRaw !== "") {
    try {
      const memberCheck = JSON.parse(memberCheckRaw) as Json;
      const claim = (memberCheck.Claim ?? {}) as Json;
      const report = (((claim._customFields ?? {}) as Json).report ?? {}) as Json;
      const matchedNumber = Number(report.matchedNumber ?? 0);
      if (matchedNumber > 0) {
        status = "HIT";
        for (const entity of (report.matchedEntities ?? []) as Json[]) {
          hits.push({
            name: `${String(entity.firstName ?? "")} ${String(entity.middleName ?? "")} ${String(entity.lastName ?? "")}`
              .replace("  ", " ")
              .trim(),
            score: entity.matchRate ?? 100,
            dob: entity.dob ?? "",
            category: entity.category ?? "N/A",
          });
        }
      } else if (
        String(claim.reviewBody ?? "")
          .toLowerCase()
          .includes("not found")
      ) {
        status = "CLEAR";
      } else {
        status = "REVIEW_REQUIRED";
      }
    } catch {
      status = "ERROR";
    }
  }
  return { aml_status: status, aml_hits_raw: JSON.stringify(hits) };
}

/** analyze_record: "False Positive", "Further Details Required" or "True Positive". */
export function analyzeRecord(investor: Json): [string, string] {
  let hits: Json[];
  try {
    hits = JSON.parse(String(investor.aml_hits_raw ?? "[]")) as Json[];
  } catch {
    hits = [];
  }
  const amlStatus = investor.aml_status ?? "CLEAR";
  if (hits.length === 0 || amlStatus === "CLEAR")
    return ["False Positive", "No AML hits found. Status is CLEAR."];
  const dob = investor.dob ?? "N/A";
  const decisions: string[] = [];
  for (const hit of hits) {
    const isWeakAlias = !hit.dob && !hit.address;
    const score = Number(hit.score ?? 100);
    if (isWeakAlias && score < 100) {
      decisions.push("False Positive");
      continue;
    }
    if (isWeakAlias && score === 100) {
      decisions.push("Further Details Required");
      continue;
    }
    if (dob !== "N/A" && hit.dob && dob !== hit.dob) {
      decisions.push("False Positive");
      continue;
    }
    decisions.push("Further Details Required");
  }
  if (decisions.includes("Further Details Required")) return ["Further Details Required", ""];
  if (decisions.includes("True Positive")) return ["True Positive", ""];
  return ["False Positive", ""];
}

/** The script's per-record merge for one service: `p_` fields from a `recordId` answer's `data`. */
export function primaryRecord(recordIdAnswer: Json): Json {
  const data = (recordIdAnswer.data ?? {}) as Json;
  const aml = extractAmlData((data.certificates ?? {}) as Json);
  const record: Json = {
    primary_status: data.status,
    ...flattenIdentities((data.identities ?? {}) as Json, "p_"),
    p_aml_status: aml.aml_status,
    p_aml_hits_raw: aml.aml_hits_raw,
  };
  // "Final fallbacks": without a supplemental service the primary's AML result is used.
  record.aml_status = record.p_aml_status ?? "CLEAR";
  record.aml_hits_raw = record.p_aml_hits_raw ?? "[]";
  return record;
}
