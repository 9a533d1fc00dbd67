import type { Dispatch, SetStateAction } from "react";
import { Button } from "./button";

/**
 * Previous / Next over cursor pages: `cursors` holds the cursor of every page opened so far (the first
 * page's is null), `next` is the cursor the current page answered (null on the last page).
 */
export function Pager({
  cursors,
  setCursors,
  next,
}: {
  cursors: readonly (string | null)[];
  setCursors: Dispatch<SetStateAction<(string | null)[]>>;
  next: string | null | undefined;
}) {
  return (
    <div className="pager">
      <Button
        disabled={cursors.length <= 1}
        onClick={() => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list))}
      >
        Previous
      </Button>
      <span className="muted">Page {cursors.length}</span>
      <Button
        disabled={next === null || next === undefined}
        onClick={() => {
          if (next) setCursors((list) => [...list, next]);
        }}
      >
        Next
      </Button>
    </div>
  );
}
