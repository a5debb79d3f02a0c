import "server-only";
import { pool, prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { can, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import type { PromptMessage } from "@/lib/conversation/types";
import { pseudonym } from "@/lib/users/pseudonym";
import { asTokenizer, type Tokenizer } from "@/lib/tokenizer/encodings";
import { guidelinesChangeFrom, type GuidelinesChange } from "@/lib/tasks/guidelines-acknowledgement";

export type TaskView = {
  id: string;
  /** The assignee (the caller): keys this task's copy in the browser's storage. */
  userId: string;
  projectId: string;
  promptId: string;
  externalId: string | null;
  status: string;
  /** The prompt's metadata: all of it for reviewers and admins, for labelers the project's labelerMetadataKeys. */
  metadata: Record<string, unknown>;
  conversation: { messages: PromptMessage[] };
  slotCount: number;
  maxResponseTokens: number;
  /** The project's encoding, for the protocol view. */
  tokenizer: Tokenizer;
  guidelines: { version: number; markdown: string } | null;
  draft: { turns: string[]; updatedAt: Date | null } | null;
  expiresAt: Date;
  responseId: string | null;
  /**
   * Set while a reviewer has sent the response back: their comment (the reviewer as a
   * pseudonym) and the revision it asks to change. `draft` then starts from that text.
   */
  revision: { number: number; comment: string | null; reviewer: string; requestedAt: Date } | null;
  /** Set while the submitted response still waits for review: its author may change it (docs/workspace.md). */
  editing: { responseId: string; revision: number } | null;
  /** Active writing time so far, in ms. */
  activeMs: number;
  guidelinesChange: GuidelinesChange | null;
};

type TaskRow = {
  id: string;
  project_id: string;
  prompt_id: string;
  status: string;
  expires_at: Date;
  draft: { turns?: string[] } | null;
  draft_updated_at: Date | null;
  active_ms: number;
  external_id: string | null;
  metadata: Record<string, unknown>;
  messages: PromptMessage[];
  slot_count: number;
  max_response_tokens: number;
  tokenizer: string;
  labeler_metadata_keys: string[] | null;
  g_version: number | null;
  g_markdown: string | null;
  r_id: string | null;
  r_status: string | null;
  r_revision: number | null;
  r_turns: string[] | null;
  rv_comment: string | null;
  rv_reviewer: string | null;
  rv_created_at: Date | null;
  read_version: number | null;
  read_markdown: string | null;
};

// The writing screen's whole view in one round trip: it is read after every claim (bench:load), so
// it is one query on the pool rather than an ORM select with five relations and two more lookups.
// The reviewer's request is the latest primary "revise"; the acknowledged version's text is read
// only when it is older than the task's version (for the diff).
const TASK_VIEW_SQL = `
  SELECT t.id, t.project_id, t.prompt_id, t.status::text AS status, t.expires_at, t.draft, t.draft_updated_at, t.active_ms,
         p.external_id, p.metadata, p.messages, p.slot_count,
         pj.max_response_tokens, pj.tokenizer, pj.labeler_metadata_keys,
         g.version AS g_version, g.markdown AS g_markdown,
         r.id AS r_id, r.status::text AS r_status, r.revision AS r_revision, r.turns AS r_turns,
         rv.comment AS rv_comment, rv.reviewer_id AS rv_reviewer, rv.created_at AS rv_created_at,
         ack.version AS read_version, prev.markdown AS read_markdown
    FROM tasks t
    JOIN prompts p ON p.id = t.prompt_id
    JOIN projects pj ON pj.id = t.project_id
    LEFT JOIN guidelines_versions g ON g.id = t.guidelines_version_id
    LEFT JOIN responses r ON r.task_id = t.id
    LEFT JOIN LATERAL (
      SELECT comment, reviewer_id, created_at FROM reviews
       WHERE response_id = r.id AND decision = 'revise' AND second_opinion = false
       ORDER BY created_at DESC LIMIT 1) rv ON r.status = 'needs_revision'
    LEFT JOIN guidelines_acknowledgements ack ON ack.user_id = t.user_id AND ack.project_id = t.project_id
    LEFT JOIN guidelines_versions prev
      ON prev.project_id = t.project_id AND prev.version = ack.version AND ack.version < g.version
   WHERE t.id = $1 AND t.user_id = $2`;

/**
 * What of a prompt's metadata the assignee sees. Metadata is whatever the import file carried
 * besides the conversation (sources, customers, reference answers…), so a labeler gets only the keys
 * the project lets them see (none by default); reviewers and admins get all of it.
 */
function visibleMetadata(actor: Actor, metadata: Record<string, unknown>, allowed: string[]): Record<string, unknown> {
  if (can(actor, "review")) return metadata;
  return Object.fromEntries(allowed.filter((key) => Object.hasOwn(metadata, key)).map((key) => [key, metadata[key]]));
}

/** A task as its assignee sees it. Other users' tasks are "not found", never "forbidden". */
export async function getTaskView(actor: Actor, taskId: string): Promise<TaskView> {
  if (!isUuid(taskId)) throw notFound("Task");
  const { rows } = await pool().query<TaskRow>({ name: "task-view", text: TASK_VIEW_SQL, values: [taskId, actor.id] });
  const task = rows[0];
  if (!task) throw notFound("Task");
  const sentBack = task.r_status === "needs_revision" ? task : null;
  const draftTurns = task.draft?.turns ?? sentBack?.r_turns ?? undefined;
  const waiting = task.status === "submitted" && task.r_status === "submitted";
  const guidelines = task.g_version !== null ? { version: task.g_version, markdown: task.g_markdown ?? "" } : null;
  return {
    id: task.id,
    userId: actor.id,
    projectId: task.project_id,
    promptId: task.prompt_id,
    externalId: task.external_id,
    status: task.status,
    metadata: visibleMetadata(actor, task.metadata, task.labeler_metadata_keys ?? []),
    conversation: { messages: task.messages },
    slotCount: task.slot_count,
    maxResponseTokens: task.max_response_tokens,
    tokenizer: asTokenizer(task.tokenizer),
    guidelines,
    draft: draftTurns ? { turns: draftTurns, updatedAt: task.draft_updated_at } : null,
    expiresAt: task.expires_at,
    responseId: task.r_id,
    revision:
      sentBack && task.rv_created_at
        ? {
            number: task.r_revision ?? 1,
            comment: task.rv_comment,
            reviewer: pseudonym(task.rv_reviewer ?? ""),
            requestedAt: task.rv_created_at,
          }
        : null,
    editing: waiting && task.r_id ? { responseId: task.r_id, revision: task.r_revision ?? 1 } : null,
    activeMs: task.active_ms,
    guidelinesChange: guidelinesChangeFrom(guidelines, task.read_version, task.read_markdown),
  };
}

/** The task behind one of the caller's responses, to edit it while it waits for review. */
export async function getTaskViewForResponse(actor: Actor, responseId: string): Promise<TaskView> {
  if (!isUuid(responseId)) throw notFound("Response");
  const response = await prisma.response.findFirst({
    where: { id: responseId, authorId: actor.id },
    select: { taskId: true },
  });
  if (!response) throw notFound("Response");
  return getTaskView(actor, response.taskId);
}
