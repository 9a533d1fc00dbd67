import { useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { get } from "../api/client";
import type { SignInConfig } from "../api/types";
import { exchangeCode } from "../auth/cognito";
import { useSession } from "../auth/session";

/** Where the Cognito hosted UI sends the operator back: exchange the code, then open the session. */
export function CognitoCallbackPage() {
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    // The code is single use: StrictMode's second effect run must not spend it again.
    if (started.current) return;
    started.current = true;
    (async () => {
      const config = await get<SignInConfig>("/config");
      if (config.signIn.operator !== "cognito") throw new Error("this console does not use Cognito sign-in");
      const idToken = await exchangeCode(
        config.signIn.cognito,
        window.location.search,
        window.sessionStorage,
      );
      // Drop the spent code from the address bar before the app routes on.
      window.history.replaceState(null, "", window.location.pathname);
      await signIn({ kind: "cognito", idToken });
    })().catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, [signIn]);
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <h1>Signing in…</h1>
        {error ? (
          <div role="alert">
            <p>{error}</p>
            <Link href="/sign-in">Back to sign-in</Link>
          </div>
        ) : (
          <p role="status">Checking the sign-in with the operator pool.</p>
        )}
      </div>
    </main>
  );
}
