import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import type { PromptMessage } from "@/lib/conversation/types";
import { pseudonym } from "@/lib/users/pseudonym";
import { asTokenizer, type Tokenizer } from "@/lib/tokenizer/encodings";
import { guidelinesChangeFor, type GuidelinesChange } from "@/lib/tasks/guidelines-acknowledgement";

export type TaskView = {
  id: string;
  /** The assignee (the caller): keys this task's copy in the browser's storage. */
  userId: string;
  projectId: string;
  promptId: string;
  externalId: string | null;
  status: string;
  metadata: Record<string, unknown>;
  conversation: { messages: PromptMessage[] };
  slotCount: number;
  maxResponseTokens: number;
  /** The project's encoding, for the protocol view (issue 5). */
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

/** A task as its assignee sees it. Other users' tasks are "not found", never "forbidden". */
export async function getTaskView(actor: Actor, taskId: string): Promise<TaskView> {
  if (!isUuid(taskId)) throw notFound("Task");
  const task = await prisma.task.findFirst({
    where: { id: taskId, userId: actor.id },
    select: {
      id: true,
      projectId: true,
      promptId: true,
      status: true,
      expiresAt: true,
      draft: true,
      draftUpdatedAt: true,
      activeMs: true,
      prompt: { select: { externalId: true, metadata: true, messages: true, slotCount: true } },
      project: { select: { maxResponseTokens: true, tokenizer: true } },
      guidelines: { select: { version: true, markdown: true } },
      response: {
        select: {
          id: true,
          status: true,
          revision: true,
          turns: true,
          reviews: {
            where: { decision: "revise", secondOpinion: false },
            orderBy: { createdAt: "desc" },
            take: 1,
            select: { comment: true, reviewerId: true, createdAt: true },
          },
        },
      },
    },
  });
  if (!task) throw notFound("Task");
  const sentBack = task.response?.status === "needs_revision" ? task.response : null;
  const request = sentBack?.reviews[0];
  const draftTurns = (task.draft as { turns?: string[] } | null)?.turns ?? (sentBack?.turns as string[] | undefined);
  const waiting = task.status === "submitted" && task.response?.status === "submitted" ? task.response : null;
  return {
    id: task.id,
    userId: actor.id,
    projectId: task.projectId,
    promptId: task.promptId,
    externalId: task.prompt.externalId,
    status: task.status,
    metadata: task.prompt.metadata as Record<string, unknown>,
    conversation: { messages: task.prompt.messages as PromptMessage[] },
    slotCount: task.prompt.slotCount,
    maxResponseTokens: task.project.maxResponseTokens,
    tokenizer: asTokenizer(task.project.tokenizer),
    guidelines: task.guidelines,
    draft: draftTurns ? { turns: draftTurns, updatedAt: task.draftUpdatedAt } : null,
    expiresAt: task.expiresAt,
    responseId: task.response?.id ?? null,
    revision:
      sentBack && request
        ? { number: sentBack.revision, comment: request.comment, reviewer: pseudonym(request.reviewerId), requestedAt: request.createdAt }
        : null,
    editing: waiting ? { responseId: waiting.id, revision: waiting.revision } : null,
    activeMs: task.activeMs,
    guidelinesChange: await guidelinesChangeFor(actor.id, task.projectId, task.guidelines),
  };
}

/** The task behind one of the caller's responses, to edit it while it waits for review. */
export async function getTaskViewForResponse(actor: Actor, responseId: string): Promise<TaskView> {
  if (!isUuid(responseId)) throw notFound("Response");
  const response = await prisma.response.findFirst({ where: { id: responseId, authorId: actor.id }, select: { taskId: true } });
  if (!response) throw notFound("Response");
  return getTaskView(actor, response.taskId);
}
