/** The allow-listed keys of a page's URL query, trimmed, without empty values: what its form sent. */
export function readQuery<K extends string>(
  query: Record<string, string | string[] | undefined>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") out[key] = value.trim();
  }
  return out;
}

/** The problems of a refused query, one line each, for the page to show instead of a list. */
export function queryProblems(issues: ReadonlyArray<{ path?: PropertyKey[]; message?: string }>): string[] {
  const lines = issues.map((i) => `${i.path?.map(String).join(".") || "filter"}: ${i.message ?? "not valid"}`);
  return lines.length > 0 ? lines : ["The filters are not valid"];
}
