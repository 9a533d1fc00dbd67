import type { ReactNode } from "react";

/** A data table with a caption (visible or for screen readers only) and column headers with scope. */
export function Table({
  caption,
  captionHidden = false,
  columns,
  children,
  className,
}: {
  caption: string;
  captionHidden?: boolean;
  columns: string[];
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={className}>
        <caption className={captionHidden ? "sr-only" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
