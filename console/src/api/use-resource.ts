import { useCallback, useEffect, useState } from "react";
import { ConsoleApiError } from "./client";

export type Resource<T> =
  | { state: "loading"; data: T | null; reload: () => void }
  | { state: "error"; error: ConsoleApiError; data: T | null; reload: () => void }
  | { state: "ready"; data: T; reload: () => void; replace: (data: T) => void };

/**
 * Loads `load()` whenever `key` changes and on reload(); keeps the previous data while reloading so the
 * page does not jump. Aborts a request whose answer is no longer wanted.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    load(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(
          failure instanceof ConsoleApiError
            ? failure
            : new ConsoleApiError(0, failure instanceof Error ? failure.message : String(failure)),
        );
        setLoading(false);
      },
    );
    return () => controller.abort();
    // `load` is a new closure every render; `key` says when it asks for something else.
  }, [key, generation]);

  if (error !== null) return { state: "error", error, data, reload };
  if (loading || data === null) return { state: "loading", data, reload };
  return { state: "ready", data, reload, replace: setData };
}
