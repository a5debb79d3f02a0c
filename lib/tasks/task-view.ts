import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { can, type Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import { requireProjectOf } from "@/lib/projects/access";
import type { PromptMessage } from "@/lib/conversation/types";
import { pseudonym } from "@/lib/users/pseudonym";
import { asTokenizer, type Tokenizer } from "@/lib/tokenizer/encodings";
import { guidelinesChangeFrom, type GuidelinesChange } from "@/lib/tasks/guidelines-acknowledgement";
import { taskViewRow } from "@/lib/tasks/sql/task-view";
import { labelerAssistant, type LabelerAssistant } from "@/lib/assistant/connections";

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
  /** The project's model connection as the writing screen offers it (mode and model, never the URL or key). */
  assistant: LabelerAssistant | null;
};

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
  await requireProjectOf(actor, { task: taskId }, "label");
  const task = await taskViewRow(taskId, actor.id);
  if (!task) throw notFound("Task");
  const sentBack = task.r_status === "needs_revision" ? task : null;
  const draftTurns = task.draft?.turns ?? sentBack?.r_turns ?? undefined;
  const waiting = task.status === "submitted" && task.r_status === "submitted";
  const assistant = await labelerAssistant(task.project_id);
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
    assistant,
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
