import { expect } from "vitest";
import { prisma } from "@/lib/db";
import type { TestUser } from "@/lib/testing/factories";

/** A labeler claims and submits one task after another through the API; returns the responses in order. */
export async function submitThroughApi(labeler: TestUser, projectId: string, texts: Array<string | string[]>) {
  const responses: Array<{ id: string; taskId: string; promptId: string; externalId: string | null }> = [];
  for (const text of texts) {
    const task = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(task.status, JSON.stringify(task.body)).toBe(200);
    const body = Array.isArray(text) ? { turns: text } : { content: text };
    const submitted = await labeler.api.post(`/api/v1/tasks/${task.body.id}/submit`, body);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    responses.push(submitted.body);
  }
  return responses;
}

/**
 * `count` one-turn prompts, each with a submitted response by `authorId`, written straight to
 * the database: enough responses for sampling tests without a claim and a submit per response.
 */
export async function seedSubmittedResponses(projectId: string, authorId: string, count: number): Promise<string[]> {
  const guidelines = await prisma.guidelinesVersion.findFirstOrThrow({ where: { projectId }, select: { id: true } });
  const prompts = await prisma.prompt.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({
      projectId,
      externalId: `seeded-${i}-${Math.random().toString(36).slice(2, 8)}`,
      messages: [
        { role: "user", content: `Question ${i}?` },
        { role: "assistant", content: null },
      ],
      slotCount: 1,
      taken: 1,
    })),
    select: { id: true },
  });
  const tasks = await prisma.task.createManyAndReturn({
    data: prompts.map((p) => ({
      projectId,
      promptId: p.id,
      userId: authorId,
      status: "submitted" as const,
      guidelinesVersionId: guidelines.id,
      expiresAt: new Date(),
      finishedAt: new Date(),
    })),
    select: { id: true, promptId: true },
  });
  const responses = await prisma.response.createManyAndReturn({
    data: tasks.map((t, i) => ({
      taskId: t.id,
      projectId,
      promptId: t.promptId,
      authorId,
      guidelinesVersionId: guidelines.id,
      turns: [`Answer ${i}.`],
      tokenCount: 3,
    })),
    select: { id: true, turns: true },
  });
  await prisma.responseRevision.createMany({
    data: responses.map((r) => ({ responseId: r.id, number: 1, turns: r.turns as string[], authorId })),
  });
  return responses.map((r) => r.id);
}

/** The audit events about one thing, oldest first. */
export function auditEventsFor(entityId: string) {
  return prisma.auditEvent.findMany({
    where: { entityId },
    orderBy: { seq: "asc" },
    select: { action: true, actorId: true, projectId: true, before: true, after: true },
  });
}
