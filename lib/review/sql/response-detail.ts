import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectAccess, ProjectRole, ProjectStatus } from "@/generated/prisma/enums";
import { pool } from "@/lib/db";
import type { ProjectAccessRow } from "@/lib/projects/sql/project-access";
import type { SelectedResponse } from "@/lib/review/response-view";
import { responseViewSql } from "@/lib/review/sql/response-view";
import type { DecidedReview } from "@/lib/review/sql/review-decision";

/** A revision as the detail reads it: its author's id and current name (null when the account is gone). */
export type DetailRevision = {
  number: number;
  turns: Prisma.JsonValue;
  authorId: string | null;
  authorName: string | null;
  createdAt: Date;
};

/** A review as the detail reads it: the fields a decision answers with, its reviewer's id, and the reviewer. */
export type DetailReview = DecidedReview & { reviewerId: string; reviewer: { id: string; name: string } };

/** Everything the response's detail shows, with what lib/projects/access.ts decides on. */
export type ResponseDetailRead = {
  access: ProjectAccessRow;
  response: SelectedResponse;
  blindReview: boolean;
  labelersSeeScores: boolean;
  messages: Prisma.JsonValue;
  /** Oldest first. */
  revisions: DetailRevision[];
  /** Oldest first. */
  reviews: DetailReview[];
  /** The response has suggestion provenance (lib/assistant/provenance.ts reads it). */
  hasModelDrafts: boolean;
};

type Row = SelectedResponse & {
  project_slug: string;
  project_name: string;
  project_access: ProjectAccess;
  project_status: ProjectStatus;
  member_role: ProjectRole | null;
  blind_review: boolean;
  labelers_see_scores: boolean;
  messages: Prisma.JsonValue;
  revisions: Array<Omit<DetailRevision, "createdAt"> & { createdAt: string }>;
  reviews: Array<Omit<DetailReview, "createdAt"> & { createdAt: string }>;
  has_model_drafts: boolean;
};

// The response view (responseSelect's shape), its project with the user's membership, its prompt's messages, its
// revisions with their authors' names and its reviews with their reviewers, in one statement: a reviewer opens
// one before each decision (bench:capacity). Revisions and reviews come as JSON arrays in the order shown.
const RESPONSE_DETAIL_SQL = `
  SELECT x.*,
         pj.slug AS project_slug, pj.name AS project_name, pj.access::text AS project_access,
         pj.status::text AS project_status,
         (SELECT pm.role::text FROM project_members pm WHERE pm.project_id = pj.id AND pm.user_id = $2) AS member_role,
         pj.blind_review, pj.labelers_see_scores,
         (SELECT pr.messages FROM prompts pr WHERE pr.id = x."promptId") AS messages,
         (SELECT coalesce(json_agg(json_build_object('number', rv.number, 'turns', rv.turns, 'authorId', rv.author_id,
                                                     'authorName', (SELECT ru.name FROM users ru WHERE ru.id = rv.author_id),
                                                     'createdAt', rv.created_at)
                                   ORDER BY rv.number), '[]')
            FROM response_revisions rv
           WHERE rv.response_id = x.id) AS revisions,
         (SELECT coalesce(json_agg(json_build_object('id', v.id, 'decision', v.decision, 'comment', v.comment,
                                                     'reason', v.reason, 'scores', v.scores, 'revision', v.revision,
                                                     'secondOpinion', v.second_opinion, 'durationMs', v.duration_ms,
                                                     'createdAt', v.created_at, 'reviewerId', v.reviewer_id,
                                                     'reviewer', json_build_object('id', vu.id, 'name', vu.name))
                                   ORDER BY v.created_at), '[]')
            FROM reviews v JOIN users vu ON vu.id = v.reviewer_id
           WHERE v.response_id = x.id) AS reviews,
         EXISTS (SELECT 1 FROM response_provenance pv WHERE pv.response_id = x.id) AS has_model_drafts
    FROM (${responseViewSql("responses")}
           WHERE r.id = $1) x
    JOIN projects pj ON pj.id = x."projectId"`;

/** The response's detail as `userId` may be shown it (the caller decides); undefined when there is none. */
export async function responseDetailRead(responseId: string, userId: string): Promise<ResponseDetailRead | undefined> {
  const { rows } = await pool().query<Row>({
    name: "response-detail",
    text: RESPONSE_DETAIL_SQL,
    values: [responseId, userId],
  });
  const row = rows[0];
  if (!row) return undefined;
  const {
    project_slug,
    project_name,
    project_access,
    project_status,
    member_role,
    blind_review,
    labelers_see_scores,
    messages,
    revisions,
    reviews,
    has_model_drafts,
    ...response
  } = row;
  return {
    access: {
      id: response.projectId,
      slug: project_slug,
      name: project_name,
      access: project_access,
      status: project_status,
      member_role,
    },
    response,
    blindReview: blind_review,
    labelersSeeScores: labelers_see_scores,
    messages,
    revisions: revisions.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
    reviews: reviews.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
    hasModelDrafts: has_model_drafts,
  };
}
