/** Renders rows as a fixed-width text table (first row = header). */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) =>
        /^[\d,.]+$/.test(cell) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join("  ")
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return "";
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...body.map(line)].join("\n");
}

/** 1234567 → "1,234,567". */
export function formatGas(gas: bigint | number): string {
  return Number(gas).toLocaleString("en-US", { maximumFractionDigits: 0 });
}
