import { Prisma } from "@/generated/prisma/client";

/**
 * The one way text is matched: the `search` column of prompts and responses (migration
 * 20261203100000_search, built with the 'simple' configuration) against the words typed, read with
 * PostgreSQL's web search syntax, which never fails on odd input. The configuration must stay the
 * columns' own, or the GIN indexes would not serve.
 */
export function matchesWords(column: Prisma.Sql, q: string): Prisma.Sql {
  return Prisma.sql`${column} @@ websearch_to_tsquery('simple', ${q})`;
}

/** `LIKE` pattern for "starts with `prefix`": its own `%`, `_` and `\` match themselves. */
export function startsWithPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
