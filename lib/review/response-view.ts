import type { PromptMessage } from "@/lib/conversation/types";

export const responseSelect = {
  id: true,
  seq: true,
  taskId: true,
  projectId: true,
  promptId: true,
  status: true,
  turns: true,
  tokenCount: true,
  submittedAt: true,
  updatedAt: true,
  author: { select: { id: true, name: true } },
  guidelines: { select: { version: true } },
  prompt: { select: { externalId: true } },
} as const;

type SelectedResponse = {
  id: string;
  taskId: string;
  projectId: string;
  promptId: string;
  status: string;
  turns: unknown;
  tokenCount: number;
  submittedAt: Date;
  updatedAt: Date;
  author: { id: string; name: string };
  guidelines: { version: number } | null;
  prompt: { externalId: string | null };
};

export type ResponseView = {
  id: string;
  taskId: string;
  projectId: string;
  promptId: string;
  externalId: string | null;
  status: string;
  turns: string[];
  /** The text when the task had one turn to write, the common case. */
  content?: string;
  tokenCount: number;
  author: { id: string; name: string };
  guidelinesVersion: number | null;
  submittedAt: Date;
  updatedAt: Date;
};

export function toResponseView(r: SelectedResponse): ResponseView {
  const turns = r.turns as string[];
  return {
    id: r.id,
    taskId: r.taskId,
    projectId: r.projectId,
    promptId: r.promptId,
    externalId: r.prompt.externalId,
    status: r.status,
    turns,
    ...(turns.length === 1 ? { content: turns[0] } : {}),
    tokenCount: r.tokenCount,
    author: r.author,
    guidelinesVersion: r.guidelines?.version ?? null,
    submittedAt: r.submittedAt,
    updatedAt: r.updatedAt,
  };
}

export type ResponseDetail = ResponseView & {
  conversation: { messages: PromptMessage[] };
  reviews: Array<{ id: string; decision: string; comment: string | null; reviewer: { name: string }; createdAt: Date }>;
};
