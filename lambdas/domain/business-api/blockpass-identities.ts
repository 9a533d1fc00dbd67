import type { Identity } from "../profile.js";

/** One attribute in Blockpass's `identities` form: `{ type, value }` (values are strings). */
export interface BlockpassAttribute {
  type: "string";
  value: string;
}

/** Blockpass's attribute slugs for the identity this service holds. */
export interface BlockpassIdentities {
  given_name: BlockpassAttribute;
  family_name: BlockpassAttribute;
  dob: BlockpassAttribute;
  nationality: BlockpassAttribute;
}

/**
 * The identity in Blockpass's `identities` form. Dates use Blockpass's `MM/DD/YYYY` (its documented
 * sample), so a client comparing them with the AML cert's `dob` compares like with like.
 */
export function blockpassIdentitiesOf(identity: Identity): BlockpassIdentities {
  return {
    given_name: { type: "string", value: identity.givenName },
    family_name: { type: "string", value: identity.familyName },
    dob: { type: "string", value: blockpassDate(identity.dob) },
    nationality: { type: "string", value: identity.nationality },
  };
}

/** `YYYY-MM-DD` → `MM/DD/YYYY`; partial dates (`YYYY`, `YYYY-MM`) are kept as they are. */
export function blockpassDate(date: string): string {
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return full === null ? date : `${full[2]}/${full[3]}/${full[1]}`;
}
