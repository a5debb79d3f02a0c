import "server-only";
import type { ClientBase } from "pg";
import { countSlots } from "@/lib/conversation/types";
import { copyField } from "@/lib/import/copy-writer";
import type { ParsedPrompt } from "@/lib/import/parse-prompt-line";

/**
 * The import's staging table, one per import transaction (dropped at its end): checked rows are COPYed
 * in while the file arrives, and move into `prompts` only once the whole file was read and valid.
 */
export async function createImportRows(client: ClientBase): Promise<void> {
  await client.query(
    `CREATE TEMPORARY TABLE import_rows (external_id text, messages jsonb NOT NULL, slot_count integer NOT NULL,
       metadata jsonb NOT NULL) ON COMMIT DROP`,
  );
}

/** The COPY that fills `import_rows`, one line of `promptCopyFields` per prompt. */
export const COPY_IMPORT_ROWS_SQL = "COPY import_rows FROM STDIN";

/**
 * A checked prompt as the COPY text fields `external_id, messages, slot_count, metadata` (the order of the
 * temporary table; the import benchmark's COPY baseline writes the same fields after the project id).
 */
export function promptCopyFields({ externalId, messages, metadata }: ParsedPrompt): string {
  return `${copyField(externalId)}\t${copyField(JSON.stringify(messages))}\t${countSlots(messages)}\t${copyField(JSON.stringify(metadata))}`;
}

/**
 * Moves the staged rows into the project's prompts in one statement; prompts whose external id the
 * project already has are skipped. A temporary table is read by one process in insertion order, so
 * `seq` follows the file. Returns how many were inserted.
 */
export async function insertImportRows(client: ClientBase, projectId: string): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO prompts (project_id, external_id, messages, slot_count, metadata)
     SELECT $1::uuid, external_id, messages, slot_count, metadata FROM import_rows
     ON CONFLICT (project_id, external_id) DO NOTHING`,
    [projectId],
  );
  return rowCount ?? 0;
}
