import { expect } from "vitest";
import { prisma } from "@/lib/db";
import type { PromptMessage } from "@/lib/conversation/types";
import type { ResponseStatus, ReviewDecision } from "@/generated/prisma/enums";
import type { TestUser } from "@/lib/testing/factories";

/**
 * Rows for export tests, written straight to the database so a test controls what the API would
 * decide (submit times, guidelines versions, scores, rankings) without depending on the review API.
 */
export async function insertPrompt(
  projectId: string,
  messages: PromptMessage[],
  extra: { externalId?: string; metadata?: Record<string, unknown> } = {},
): Promise<string> {
  const slotCount = messages.filter((m) => m.role === "assistant" && m.content === null).length;
  const prompt = await prisma.prompt.create({
    data: {
      projectId,
      messages,
      slotCount,
      externalId: extra.externalId,
      metadata: (extra.metadata ?? {}) as object,
      taken: 1,
    },
    select: { id: true },
  });
  return prompt.id;
}

export async function insertResponse(input: {
  projectId: string;
  promptId: string;
  authorId: string;
  turns: string[];
  status?: ResponseStatus;
  submittedAt?: Date;
  guidelinesVersion?: number;
  tokenCount?: number;
}): Promise<string> {
  const guidelines = input.guidelinesVersion
    ? await prisma.guidelinesVersion.upsert({
        where: { projectId_version: { projectId: input.projectId, version: input.guidelinesVersion } },
        create: {
          projectId: input.projectId,
          version: input.guidelinesVersion,
          markdown: `v${input.guidelinesVersion}`,
        },
        update: {},
        select: { id: true },
      })
    : null;
  const task = await prisma.task.create({
    data: {
      projectId: input.projectId,
      promptId: input.promptId,
      userId: input.authorId,
      status: "submitted",
      expiresAt: new Date(),
    },
    select: { id: true },
  });
  const response = await prisma.response.create({
    data: {
      taskId: task.id,
      projectId: input.projectId,
      promptId: input.promptId,
      authorId: input.authorId,
      guidelinesVersionId: guidelines?.id,
      status: input.status ?? "accepted",
      turns: input.turns,
      tokenCount: input.tokenCount ?? 7,
      submittedAt: input.submittedAt,
    },
    select: { id: true },
  });
  return response.id;
}

export async function insertReview(input: {
  responseId: string;
  reviewerId: string;
  decision: ReviewDecision;
  scores?: Record<string, number>;
  secondOpinion?: boolean;
  createdAt?: Date;
}): Promise<void> {
  await prisma.review.create({ data: { ...input, scores: input.scores } });
}

export async function insertRanking(promptId: string, reviewerId: string, responseIds: string[]): Promise<void> {
  await prisma.ranking.create({ data: { promptId, reviewerId, responseIds } });
}

/** The export's lines (without the final newline), asserting a 200. */
export async function exportLines(user: TestUser, projectId: string, query = ""): Promise<string[]> {
  const res = await user.api.get(`/api/v1/projects/${projectId}/export${query ? `?${query}` : ""}`);
  expect(res.status, res.text).toBe(200);
  expect(res.text === "" || res.text.endsWith("\n")).toBe(true);
  return res.text.split("\n").slice(0, -1);
}
