import "server-only";
import type { ClientBase } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { connectDedicated } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertRequesterCan, requesterId, type Requester } from "@/lib/auth/permissions";
import { recordEventOn } from "@/lib/audit/sql/audit-events";
import { hasSpecialTokens } from "@/lib/conversation/special-tokens";
import { findProjectRef } from "@/lib/projects/projects";
import { MAX_LINE_BYTES, PromptLineChecker, type PromptLineError } from "@/lib/import/parse-prompts-jsonl";
import { readJsonlLines, type JsonlSource } from "@/lib/import/read-jsonl-lines";
import { CopyWriter } from "@/lib/import/copy-writer";
import {
  COPY_IMPORT_ROWS_SQL,
  createImportRows,
  insertImportRows,
  promptCopyFields,
} from "@/lib/import/sql/import-rows";

/**
 * `specialTokenPrompts`: how many prompts of the file (new or skipped) hold special-token text such as
 * `<|im_end|>` (lib/conversation/special-tokens.ts). They are imported as text, but a chat template may
 * read them as a forged turn, so the admin is told to look (docs/formats.md).
 */
export type ImportResult = { imported: number; skipped: number; specialTokenPrompts: number; errors: [] };
/** `reading` while lines arrive (counted so far), then `inserting` once the whole file was read and valid. */
export type ImportProgress = { phase: "reading" | "inserting"; lines: number; bytes: number };
export type ImportOptions = { onProgress?: (progress: ImportProgress) => void };

/** Bad lines listed in the error; the message counts all of them. */
export const MAX_REPORTED_ERRORS = 1000;
const COPY_BUFFER_BYTES = 2 * 1024 * 1024;

/**
 * Imports a JSONL file of prompts, all or nothing: any bad line rejects the whole file with every bad line
 * named (422), and the rows go in inside one transaction. Prompts whose external id the project already has are
 * skipped, so re-importing a file is harmless.
 */
export async function importPrompts(
  requester: Requester,
  projectIdOrSlug: string,
  text: string,
): Promise<ImportResult> {
  return importPromptStream(requester, projectIdOrSlug, [text]);
}

/**
 * The same import from a stream (a request body, a file), in memory bounded by one line plus the ids seen
 * (for duplicate detection). While reading, valid rows are COPYed into a temporary table inside the
 * transaction; only when the whole file was read and every line was valid do they move into `prompts`, so a
 * bad last line of a 500 MB file still leaves nothing behind, and the prompts table is written in one statement.
 * The transaction stays open for as long as the source takes to arrive (a slow upload: minutes), so it runs on a
 * connection of its own, not one of the pool's that labelers' requests wait for.
 */
export async function importPromptStream(
  requester: Requester,
  projectIdOrSlug: string,
  source: JsonlSource,
  options: ImportOptions = {},
): Promise<ImportResult> {
  assertRequesterCan(requester, "admin");
  const project = await findProjectRef(projectIdOrSlug, requester, "write");
  const client = await connectDedicated("exemplar-import");
  try {
    await client.query("BEGIN");
    await createImportRows(client);
    const { count, errors, errorCount, lines, bytes, specialTokenPrompts } = await copyValidRows(
      client,
      source,
      options.onProgress,
    );
    if (errorCount > 0 || count === 0) throw invalidImport(errors, errorCount);
    options.onProgress?.({ phase: "inserting", lines, bytes });
    const imported = await insertImportRows(client, project.id);
    // The audit event in the same transaction as the prompts.
    await recordEventOn(client, {
      actorId: requesterId(requester),
      action: "prompts.import",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      after: { imported, skipped: count - imported },
    });
    await client.query("COMMIT");
    return { imported, skipped: count - imported, specialTokenPrompts, errors: [] };
  } finally {
    // Closing the connection rolls back whatever was not committed, mid-COPY included (pg then drops the socket).
    await client.end();
  }
}

async function copyValidRows(client: ClientBase, source: JsonlSource, onProgress: ImportOptions["onProgress"]) {
  // Room for a few chunks in flight, so parsing the next lines overlaps the database storing the last ones.
  const copy = new CopyWriter(client.query(copyFrom(COPY_IMPORT_ROWS_SQL, { highWaterMark: COPY_BUFFER_BYTES })));
  const checker = new PromptLineChecker();
  const errors: PromptLineError[] = [];
  let errorCount = 0;
  let count = 0;
  let specialTokenPrompts = 0;
  let bytes = 0;
  let lines = 0;
  const onBytes = (n: number) => {
    bytes += n;
    onProgress?.({ phase: "reading", lines, bytes });
  };
  for await (const { line, text, bytes: size } of readJsonlLines(source, { maxLineBytes: MAX_LINE_BYTES, onBytes })) {
    lines = line;
    const result = checker.check(line, text, size);
    if (!result) continue;
    if (!result.ok) {
      errorCount += 1;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(result.error);
      continue;
    }
    count += 1;
    if (hasSpecialTokens(result.prompt.messages.map((m) => m.content))) specialTokenPrompts += 1;
    // Once a line is bad nothing will be inserted: keep checking (to name every bad line) but stop copying.
    if (errorCount > 0) continue;
    await copy.writeRow(`${promptCopyFields(result.prompt)}\n`);
  }
  onProgress?.({ phase: "reading", lines, bytes });
  await copy.end();
  return { count, errors, errorCount, lines, bytes, specialTokenPrompts };
}

function invalidImport(errors: PromptLineError[], errorCount: number): AppError {
  if (errorCount === 0) return new AppError("invalid_import", "The file has no prompts; nothing was imported", []);
  const noun = errorCount === 1 ? "line is" : "lines are";
  const listed = errorCount > errors.length ? ` (the first ${errors.length.toLocaleString("en-US")} are listed)` : "";
  return new AppError(
    "invalid_import",
    `${errorCount.toLocaleString("en-US")} ${noun} invalid; nothing was imported${listed}`,
    errors,
  );
}
