import "server-only";
import { prisma } from "@/lib/db";

/** An accepted response's first submitted text (revision 1) and its final text, with who wrote the final one. */
export type EditedResponseRow = { author_id: string; first: unknown; final: unknown; edited_by_reviewer: boolean };

/** The project's accepted responses that have a later revision than the first (the others are unchanged). */
export function editedResponseRows(projectId: string): Promise<EditedResponseRow[]> {
  return prisma.$queryRaw<EditedResponseRow[]>`
    SELECT r.author_id, first.turns AS first, r.turns AS final,
           coalesce(last.author_id <> r.author_id, false) AS edited_by_reviewer
      FROM responses r
      JOIN response_revisions first ON first.response_id = r.id AND first.number = 1
      LEFT JOIN response_revisions last ON last.response_id = r.id AND last.number = r.revision
     WHERE r.project_id = ${projectId}::uuid AND r.status = 'accepted' AND r.revision > 1`;
}
