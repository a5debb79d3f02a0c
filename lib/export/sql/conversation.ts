/**
 * The conversation as JSON text, built by the database: the prompt's messages (`p.messages`) with every
 * slot filled in order from the response's turns (`turns`, an SQL expression). It is jsonb's own text
 * form (`[{"role": "user", "content": "…"}, …]`: a space after `:` and `,`), so the default export is
 * written by PostgreSQL alone and Node only passes bytes on: that is what keeps it near COPY's speed
 * (docs/formats.md). Strings are escaped exactly as JSON.stringify escapes them, and lib/export/json.ts
 * writes the same layout for what Node renders (lib/export/sql/conversation.db.test.ts checks both).
 *
 * A prompt with one slot, the usual case, has it last (import makes every prompt end with a slot), so
 * its text ends in `null}]` and the turn is spliced in there: one jsonb output, no per-message work.
 * With several slots, a slot's turn is the number of slots before it.
 */
export function conversationSql(turns: string): string {
  const single = `left(p.messages::text, -6) || coalesce(to_json(${turns}->>0)::text, ${MISSING_TURN}) || '}]'`;
  const slotIndex = `(SELECT count(*)::int FROM jsonb_array_elements(p.messages) WITH ORDINALITY s(m, j)
                       WHERE s.j < e.i AND s.m->'content' = 'null'::jsonb)`;
  const general = `(SELECT jsonb_agg(CASE WHEN e.m->'content' = 'null'::jsonb
                 THEN jsonb_build_object('role', 'assistant', 'content', coalesce(${turns}->${slotIndex}, ${MISSING_TURN}::jsonb))
                 ELSE e.m END ORDER BY e.i)
       FROM jsonb_array_elements(p.messages) WITH ORDINALITY e(m, i))::text`;
  return `CASE WHEN p.slot_count = 1 THEN ${single} ELSE ${general} END`;
}

/**
 * A response with fewer turns than its prompt has slots would otherwise lose a message silently. Submit
 * checks turns against slots, so this cannot happen; if it does, the export fails loudly. SQL has no
 * raise(), so casting the message to int is what raises it; the message includes a column, so the
 * planner cannot fold the cast into a constant and raise it for every query.
 */
const MISSING_TURN = `('export: a response has fewer turns than its prompt has ' || p.slot_count || ' slots')::int::text`;

/** The prompt's messages before its last one (the final slot), as JSON text: the shared prompt of a preference pair. */
export const PROMPT_BEFORE_FINAL_SLOT_SQL = `(p.messages - (-1))::text`;
