import { useState, type FormEvent } from "react";
import { ConsoleApiError, get } from "../api/client";
import type { SignInConfig } from "../api/types";
import { useResource } from "../api/use-resource";
import { authorizeUrl } from "../auth/cognito";
import { useSession } from "../auth/session";
import { Button } from "../components/button";
import { TextField } from "../components/field";
import { ErrorState, Skeleton } from "../components/states";

type Mode = "operator" | "customer";

export function SignInPage() {
  const config = useResource("config", (signal) => get<SignInConfig>("/config", signal));
  const { signIn, notice } = useSession();
  const [mode, setMode] = useState<Mode>("operator");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    setBusy(true);
    setError(null);
    try {
      await signIn(
        mode === "operator"
          ? { kind: "operator", username: text("username"), password: String(form.get("password") ?? "") }
          : { kind: "customer", clientId: text("clientId"), apiKey: text("apiKey") },
      );
    } catch (failure) {
      setError(failure instanceof ConsoleApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  async function cognito() {
    if (config.state !== "ready" || config.data.signIn.operator !== "cognito") return;
    window.location.assign(await authorizeUrl(config.data.signIn.cognito, window.sessionStorage));
  }

  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <h1>Sign in to the kyc-attest console</h1>
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <div className="segmented" role="radiogroup" aria-label="Who is signing in">
          {(["operator", "customer"] as const).map((value) => (
            <label key={value} className={mode === value ? "selected" : undefined}>
              <input
                type="radio"
                name="mode"
                value={value}
                checked={mode === value}
                onChange={() => {
                  setMode(value);
                  setError(null);
                }}
              />
              {value === "operator" ? "Operator" : "Customer reviewer"}
            </label>
          ))}
        </div>
        {config.state === "loading" ? (
          <Skeleton lines={3} height={44} label="Loading the sign-in options" />
        ) : null}
        {config.state === "error" ? <ErrorState error={config.error} onRetry={config.reload} /> : null}
        {config.state === "ready" && mode === "operator" && config.data.signIn.operator === "cognito" ? (
          <div className="sign-in-form">
            <p>Operators sign in with the operator pool (Cognito hosted sign-in).</p>
            <Button variant="primary" onClick={() => void cognito()}>
              Continue to operator sign-in
            </Button>
          </div>
        ) : null}
        {config.state === "ready" && (mode === "customer" || config.data.signIn.operator === "password") ? (
          <form className="sign-in-form" onSubmit={(event) => void submit(event)} noValidate={false}>
            {mode === "operator" ? (
              <>
                <TextField
                  label="User name"
                  name="username"
                  autoComplete="username"
                  required
                  key="username"
                />
                <TextField
                  label="Password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  key="password"
                />
              </>
            ) : (
              <>
                <TextField
                  label="Client id"
                  name="clientId"
                  autoComplete="off"
                  required
                  key="clientId"
                  hint="Your service's client id, e.g. acme_payg."
                />
                <TextField
                  label="Review API key"
                  name="apiKey"
                  type="password"
                  autoComplete="off"
                  required
                  key="apiKey"
                  hint="A key with the review scope (pay-as-you-go and self-managed plans)."
                />
              </>
            )}
            {error ? (
              <p className="form-error" role="alert">
                {error}
              </p>
            ) : null}
            <Button type="submit" variant="primary" busy={busy}>
              Sign in
            </Button>
          </form>
        ) : null}
      </div>
    </main>
  );
}
