import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";

type Toast = { id: number; tone: "success" | "error"; text: string };

const ToastContext = createContext<(tone: Toast["tone"], text: string) => void>(() => {});

/**
 * Short confirmations ("Approved ref-12") in a polite live region that is always in the page, so screen
 * readers announce them; errors use an assertive region.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const show = useCallback((tone: Toast["tone"], text: string) => {
    const id = next.current++;
    setToasts((list) => [...list.slice(-2), { id, tone, text }]);
    window.setTimeout(() => setToasts((list) => list.filter((toast) => toast.id !== id)), 6000);
  }, []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts">
        <div role="status" aria-live="polite">
          {toasts
            .filter((toast) => toast.tone === "success")
            .map((toast) => (
              <p key={toast.id} className="toast toast-success">
                {toast.text}
              </p>
            ))}
        </div>
        <div role="alert" aria-live="assertive">
          {toasts
            .filter((toast) => toast.tone === "error")
            .map((toast) => (
              <p key={toast.id} className="toast toast-error">
                {toast.text}
              </p>
            ))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
