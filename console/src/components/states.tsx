import type { ConsoleApiError } from "../api/client";
import { Button } from "./button";

/** Grey blocks of fixed height where content will be, so the page does not shift when it arrives. */
export function Skeleton({
  lines = 3,
  height = 20,
  label = "Loading",
}: {
  lines?: number;
  height?: number;
  label?: string;
}) {
  return (
    <div className="skeleton" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} className="skeleton-line" style={{ height }} />
      ))}
    </div>
  );
}

/** What failed, in the API's words, and a Retry button. */
export function ErrorState({
  error,
  onRetry,
  title = "Could not load this page",
}: {
  error: ConsoleApiError;
  onRetry: () => void;
  title?: string;
}) {
  return (
    <div className="error-state" role="alert">
      <h2>{title}</h2>
      <p>{error.message}</p>
      {error.code === 403 || error.code === 404 ? null : (
        <Button variant="primary" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}
