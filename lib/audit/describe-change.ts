/** One line of an audit event's before/after: a field and its old and new value, as display text. */
export type ChangeLine = { field: string; before: string | null; after: string | null };

const MAX_VALUE_CHARS = 160;

function show(value: unknown): string | null {
  if (value === undefined) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * Before/after as field lines, in the order the fields first appear: only the fields whose value
 * changed when both sides exist (an update), every field when one side is missing (a create or a
 * delete). Values are plain strings for the page to print as text, never as markup.
 */
export function describeChange(before: unknown, after: unknown): ChangeLine[] {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) {
    const line = { field: "value", before: show(before ?? undefined), after: show(after ?? undefined) };
    return line.before === null && line.after === null ? [] : [line];
  }
  const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return fields.flatMap((field) => {
    const old = b ? show(b[field]) : null;
    const now = a ? show(a[field]) : null;
    if (b && a && old === now) return [];
    return [{ field, before: old, after: now }];
  });
}
