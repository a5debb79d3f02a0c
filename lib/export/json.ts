/**
 * JSON in the layout of PostgreSQL's jsonb text form: a space after every `:` and `,`, nothing else
 * (`{"role": "user", "content": "hi"}`; Python's json.dumps writes the same). The default export's
 * lines come straight from the database in this layout (lib/export/sql/conversation.ts), so every
 * line Node writes uses it too and all formats look alike. Values are escaped by JSON.stringify.
 */
export function toJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (typeof (value as { toJSON?: unknown }).toJSON === "function")
    return toJson((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : toJson(v))).join(", ")}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function");
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${toJson(v)}`).join(", ")}}`;
}
