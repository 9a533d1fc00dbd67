/**
 * The `qa` commands (quality assurance of managed-dedicated services, docs/quality-assurance.md): what
 * each sends to the `ops-qa` function. `command-line.ts` parses the options and checks for strays.
 */

/** The options a QA command reads (the parser's, narrowed to these names). */
export interface QaCommandOptions {
  required(name: "client-id" | "week" | "ref-id" | "outcome" | "note"): string;
  optional(name: "week"): string | undefined;
}

export interface QaCommand {
  functionName: "ops-qa";
  payload: Record<string, unknown>;
  /** Both commands name who draws or reviews. */
  needsOperator: true;
}

export const QA_COMMANDS: Readonly<Record<string, (options: QaCommandOptions) => QaCommand>> = {
  "qa sample": (o) => ({
    functionName: "ops-qa",
    payload: { action: "sample", clientId: o.required("client-id"), week: o.optional("week") },
    needsOperator: true,
  }),
  "qa record": (o) => ({
    functionName: "ops-qa",
    payload: {
      action: "record",
      clientId: o.required("client-id"),
      week: o.required("week"),
      refId: o.required("ref-id"),
      outcome: o.required("outcome"),
      note: o.required("note"),
    },
    needsOperator: true,
  }),
};
