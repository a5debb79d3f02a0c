import "server-only";
import { AppError } from "@/lib/errors";
import { assertRequesterCan, requesterId, type Requester } from "@/lib/auth/permissions";
import { findProjectRef } from "@/lib/projects/projects";
import { parseExportQuery, type ExportOptions } from "@/lib/export/schemas";
import { RESPONSE_RENDERERS, renderPreferenceLine } from "@/lib/export/formats";
import { preferenceLineMetadata, responseLineMetadata } from "@/lib/export/metadata";
import { responseQuery } from "@/lib/export/sql/response-query";
import { preferenceQuery } from "@/lib/export/sql/preference-query";
import {
  copyLinesStream,
  openSnapshot,
  snapshotStream,
  type ExportProgress,
  type Snapshot,
} from "@/lib/export/snapshot-stream";
import { recordEvent } from "@/lib/audit/record-event";

type Row = Record<string, unknown>;

/**
 * Streams a project's export in the requested format (docs/formats.md). Everything that can be a 400
 * or 404 is decided before the stream is returned, so an error never follows bytes already sent.
 * The HTTP endpoint and `npm run exemplar -- export` both call this.
 */
export async function exportJsonl(
  requester: Requester,
  projectIdOrSlug: string,
  query: URLSearchParams | Record<string, string>,
) {
  assertRequesterCan(requester, "admin");
  const options = parseExportQuery(query);
  const project = await findProjectRef(projectIdOrSlug, requester);
  // Who took which data out, with the parameters as asked (the CLI, "system", has no user).
  await recordEvent({
    actorId: requesterId(requester),
    action: "export.run",
    entityType: "project",
    entityId: project.id,
    projectId: project.id,
    after: Object.fromEntries(query instanceof URLSearchParams ? query : Object.entries(query)),
  });
  const snapshot = await openSnapshot();
  try {
    const afterSeq = options.after ? await seqOf(snapshot, project.id, options.after) : null;
    const progress: ExportProgress = { rows: 0, bytes: 0 };
    const body =
      options.format === "preference"
        ? snapshotStream(snapshot, preferenceQuery(project.id, options), preferenceRenderer(options), progress)
        : options.format === "openai" && options.include !== "metadata"
          ? // The format exported by the million: the database writes whole lines (docs/performance.md).
            copyLinesStream(snapshot, responseQuery(project.id, options, afterSeq, "openai-line"), progress)
          : snapshotStream(snapshot, responseQuery(project.id, options, afterSeq), responseRenderer(options), progress);
    return { body, filename: exportFilename(project.slug, options), progress };
  } catch (error) {
    await snapshot.end(false);
    throw error;
  }
}

/** Renders one response row as its line; the preview (lib/export/preview.ts) renders with the same function. */
export function responseRenderer(options: ExportOptions) {
  const render = RESPONSE_RENDERERS[options.format as keyof typeof RESPONSE_RENDERERS];
  if (options.include !== "metadata") return (row: Row) => render({ conversation: row.conversation as string });
  return (row: Row) => render({ conversation: row.conversation as string, metadata: responseLineMetadata(row) });
}

export function preferenceRenderer(options: ExportOptions) {
  return (row: Row) =>
    renderPreferenceLine({
      prompt: row.prompt as string,
      chosen: row.chosen as string,
      rejected: row.rejected as string,
      metadata: options.include === "metadata" ? preferenceLineMetadata(row) : undefined,
    });
}

/** `after` names a response of this project, read in the export's own snapshot. */
async function seqOf(snapshot: Snapshot, projectId: string, responseId: string): Promise<number> {
  const { rows } = await snapshot.client.query<{ seq: number }>(
    "SELECT seq FROM responses WHERE id = $1::uuid AND project_id = $2::uuid",
    [responseId, projectId],
  );
  if (!rows[0]) {
    throw new AppError("validation_error", "Bad export parameters", [
      { code: "custom", path: ["after"], message: "is not a response of this project" },
    ]);
  }
  return rows[0].seq;
}

/** `{slug}-{status}-{date}.jsonl` as in v1, with the format (unless openai) and the split when given. */
export function exportFilename(slug: string, options: ExportOptions, now = new Date()): string {
  const parts = [
    slug,
    options.format === "openai" ? null : options.format,
    options.status,
    options.split,
    now.toISOString().slice(0, 10),
  ];
  return `${parts.filter(Boolean).join("-")}.jsonl`;
}
