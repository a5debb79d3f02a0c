import "server-only";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/ids";
import type { PromptMessage } from "@/lib/conversation/types";

export type TaskView = {
  id: string;
  projectId: string;
  promptId: string;
  externalId: string | null;
  status: string;
  metadata: Record<string, unknown>;
  conversation: { messages: PromptMessage[] };
  slotCount: number;
  maxResponseTokens: number;
  guidelines: { version: number; markdown: string } | null;
  draft: { turns: string[]; updatedAt: Date | null } | null;
  expiresAt: Date;
  responseId: string | null;
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
      prompt: { select: { externalId: true, metadata: true, messages: true, slotCount: true } },
      project: { select: { maxResponseTokens: true } },
      guidelines: { select: { version: true, markdown: true } },
      response: { select: { id: true } },
    },
  });
  if (!task) throw notFound("Task");
  const draftTurns = (task.draft as { turns?: string[] } | null)?.turns;
  return {
    id: task.id,
    projectId: task.projectId,
    promptId: task.promptId,
    externalId: task.prompt.externalId,
    status: task.status,
    metadata: task.prompt.metadata as Record<string, unknown>,
    conversation: { messages: task.prompt.messages as PromptMessage[] },
    slotCount: task.prompt.slotCount,
    maxResponseTokens: task.project.maxResponseTokens,
    guidelines: task.guidelines,
    draft: draftTurns ? { turns: draftTurns, updatedAt: task.draftUpdatedAt } : null,
    expiresAt: task.expiresAt,
    responseId: task.response?.id ?? null,
  };
}
