import { useState, type FormEvent, type RefObject } from "react";
import { ConsoleApiError } from "../api/client";
import { ACTION_LABELS, CONFIRMED_ACTIONS, remediationOf } from "../api/profiles";
import type { ActionRequest, ProfileAction, Role } from "../api/types";
import { Button } from "./button";
import { ConfirmDialog } from "./dialog";
import { TextAreaField } from "./field";

/**
 * The decision: one action, a required reason, the remediation text for the user where the action has
 * one, and a confirmation for block and erase. `onSubmit` rejects with a ConsoleApiError; a 409 is shown
 * with a Reload button (the profile changed since it was loaded).
 */
export function DecisionForm({
  actions,
  disabled = {},
  action,
  onActionChange,
  role,
  version,
  onSubmit,
  onReload,
  reasonRef,
  compact = false,
}: {
  actions: readonly ProfileAction[];
  disabled?: Partial<Record<ProfileAction, string>>;
  action: ProfileAction;
  onActionChange: (action: ProfileAction) => void;
  role: Role;
  version: number;
  onSubmit: (request: ActionRequest) => Promise<void>;
  onReload: () => void;
  reasonRef?: RefObject<HTMLTextAreaElement | null>;
  compact?: boolean;
}) {
  const [reason, setReason] = useState("");
  const [remediation, setRemediation] = useState("");
  const [fieldErrors, setFieldErrors] = useState<{ reason?: string; remediation?: string }>({});
  const [failure, setFailure] = useState<ConsoleApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remediationNeed = remediationOf(action, role);

  function validate(): boolean {
    const errors: { reason?: string; remediation?: string } = {};
    if (reason.trim() === "")
      errors.reason = "Give the reason for this decision (it goes to the audit trail).";
    else if (reason.length > 500) errors.reason = "At most 500 characters.";
    if (remediationNeed === "required" && remediation.trim() === "") {
      errors.remediation = "Say what the user must do (this text is sent to them).";
    }
    setFieldErrors(errors);
    return Object.keys(errors).length === 0;
  }

  async function send() {
    setConfirming(false);
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit({
        action,
        reason: reason.trim(),
        ...(remediationNeed !== "none" && remediation.trim() !== ""
          ? { remediation: remediation.trim() }
          : {}),
        version,
      });
      setReason("");
      setRemediation("");
    } catch (error) {
      setFailure(error instanceof ConsoleApiError ? error : new ConsoleApiError(0, String(error)));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!validate()) return;
    if (CONFIRMED_ACTIONS.has(action)) setConfirming(true);
    else void send();
  }

  return (
    <form className={`decision${compact ? " decision-compact" : ""}`} onSubmit={submit} noValidate>
      <fieldset className="action-choice">
        <legend>Action</legend>
        {actions.map((choice) => (
          <label key={choice} className={choice === action ? "selected" : undefined} title={disabled[choice]}>
            <input
              type="radio"
              name="action"
              value={choice}
              checked={choice === action}
              disabled={disabled[choice] !== undefined}
              onChange={() => {
                onActionChange(choice);
                setFieldErrors({});
              }}
            />
            {ACTION_LABELS[choice]}
          </label>
        ))}
      </fieldset>
      <TextAreaField
        label="Reason (required, for the audit trail)"
        name="reason"
        rows={compact ? 2 : 3}
        maxLength={500}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={fieldErrors.reason}
        ref={reasonRef}
        required
      />
      {remediationNeed !== "none" ? (
        <TextAreaField
          label={`Remediation sent to the user${remediationNeed === "required" ? " (required)" : " (optional)"}`}
          name="remediation"
          rows={compact ? 2 : 3}
          maxLength={2000}
          value={remediation}
          onChange={(event) => setRemediation(event.target.value)}
          error={fieldErrors.remediation}
          required={remediationNeed === "required"}
        />
      ) : null}
      {failure ? (
        <div className={`inline-alert${failure.code === 409 ? " inline-alert-warning" : ""}`} role="alert">
          <p>{failure.message}</p>
          {failure.code === 409 ? (
            <Button
              onClick={() => {
                setFailure(null);
                onReload();
              }}
            >
              Reload the profile
            </Button>
          ) : null}
        </div>
      ) : null}
      <div className="decision-submit">
        <Button
          type="submit"
          variant={action === "block" || action === "erase" || action === "reject" ? "danger" : "primary"}
          busy={busy}
          disabled={disabled[action] !== undefined}
        >
          {ACTION_LABELS[action]}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={action === "erase" ? "Erase this profile's personal data?" : "Block this profile?"}
        confirmLabel={action === "erase" ? "Erase" : "Block"}
        danger
        busy={busy}
        onConfirm={() => void send()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {action === "erase"
            ? "Erasure carries out a data-deletion request: the identity, documents and certificates are removed for good and any on-chain flag is revoked."
            : "A blocked profile stays blocked until an operator unblocks it after an audit; any on-chain flag is revoked."}
        </p>
        <p>
          Reason: <q>{reason.trim()}</q>
        </p>
      </ConfirmDialog>
    </form>
  );
}
