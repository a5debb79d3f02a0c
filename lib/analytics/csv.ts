/** A cell: text (user input, guarded), a number (written as is) or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

// A spreadsheet runs a cell that starts with one of these as a formula, and names here are user
// input (OWASP "CSV Injection"). Tab and carriage return are on OWASP's list too.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One text cell: a leading formula character is defused with `'`; RFC 4180 quoting where needed. */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  // Numbers are ours, not user input: -0.25 (a kappa) must stay a number, not become text.
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return csvText(value);
}

/** RFC 4180: comma-separated, CRLF after every record, the header first. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}
