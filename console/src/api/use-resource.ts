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
  const [generation, setGeneration] = useState(0);
  // What the data and error answer: loading whenever it is not the current request (also in the render
  // between a new key and the effect that fetches it, so stale data is never shown as current).
  const [answered, setAnswered] = useState<string | null>(null);
  const request = `${generation}|${key}`;
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
        setAnswered(request);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(
          failure instanceof ConsoleApiError
            ? failure
            : new ConsoleApiError(0, failure instanceof Error ? failure.message : String(failure)),
        );
        setAnswered(request);
      },
    );
    return () => controller.abort();
    // `load` is a new closure every render; `request` (key and reloads) says when it asks anew.
  }, [request]);

  if (answered !== request) return { state: "loading", data, reload };
  if (error !== null) return { state: "error", error, data, reload };
  if (data === null) return { state: "loading", data, reload };
  return { state: "ready", data, reload, replace: setData };
}
