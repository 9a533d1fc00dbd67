import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, setCsrfToken, setUnauthorizedHandler, ConsoleApiError } from "../api/client";
import type { Me, SessionData, SessionRequest } from "../api/types";

interface SessionState {
  /** undefined while the first GET /me is on its way; null when signed out. */
  me: Me | null | undefined;
  /** Why the user was sent back to sign-in (expired session), if so. */
  notice: string | null;
  signIn: (request: SessionRequest) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setMe((current) => {
        if (current) setNotice("Your session has ended. Please sign in again.");
        return null;
      });
    });
    const controller = new AbortController();
    api<SessionData>("GET", "/me", undefined, { signal: controller.signal, quiet401: true }).then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setMe(session.me);
      },
      (error: unknown) => {
        if (error instanceof DOMException && error.name === "AbortError") return;
        setMe(null);
        if (error instanceof ConsoleApiError && error.code !== 401) setNotice(error.message);
      },
    );
    return () => controller.abort();
  }, []);

  const signIn = useCallback(async (request: SessionRequest) => {
    const session = await api<SessionData>("POST", "/session", request, { quiet401: true });
    setCsrfToken(session.csrfToken);
    setNotice(null);
    setMe(session.me);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api("DELETE", "/session", undefined, { quiet401: true });
    } finally {
      setCsrfToken(null);
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, notice, signIn, signOut }), [me, notice, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession outside SessionProvider");
  return session;
}

/** The signed-in user: pages below the sign-in gate only. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error("useMe before sign-in");
  return me;
}
