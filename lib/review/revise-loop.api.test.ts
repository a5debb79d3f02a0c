import { beforeAll, describe, expect, it } from "vitest";
import { parseJsonl } from "@/lib/testing/jsonl";
import { prisma } from "@/lib/db";
import { pseudonym } from "@/lib/users/pseudonym";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { auditEventsFor } from "@/lib/testing/review-fixtures";

// The revise loop (docs/review.md) over the API: a reviewer sends a response back → it comes first in the
// author's queue with the comment → the author edits and resubmits (a new revision) → the
// reviewer edits and accepts → the export carries the reviewer's text.
describe("the revise loop", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser;
  let projectId: string;
  let taskId: string, responseId: string, heldTaskId: string;

  beforeAll(async () => {
    [admin, reviewer, labeler] = await createTestUsers("admin", "reviewer", "labeler");
    projectId = (
      await createProjectWithPrompts(admin.actor, [
        { id: "p1", prompt: "What is a process?", system: "Be brief." },
        { id: "p2", turns: ["Hi?", "And then?"] },
        { id: "p3", prompt: "Third?" },
      ])
    ).id;
    const task = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body;
    taskId = task.id;
    responseId = (await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "A running program." })).body.id;
    // The labeler goes on to the next prompt and holds it.
    heldTaskId = (await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id;
  });

  it("returns the sent-back task first in the author's queue, with the comment and the current text", async () => {
    const revise = await reviewer.api.post(`/api/v1/responses/${responseId}/review`, {
      decision: "revise",
      comment: "Say what it owns: memory, files.",
    });
    expect(revise.body.response.status).toBe("needs_revision");
    const projects = await labeler.api.get("/api/v1/projects");
    expect(projects.body.items.find((p: { id: string }) => p.id === projectId)).toMatchObject({
      revisionsRequested: 1,
      hasActiveTask: true,
    });

    const next = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({
      id: taskId,
      externalId: "p1",
      responseId,
      draft: { turns: ["A running program."] },
      revision: { number: 1, comment: "Say what it owns: memory, files.", reviewer: pseudonym(reviewer.actor.id) },
    });
    expect(JSON.stringify(next.body)).not.toContain(reviewer.actor.name);
    expect((await labeler.api.get(`/api/v1/tasks/${taskId}`)).body.revision.comment).toBe(
      "Say what it owns: memory, files.",
    );
  });

  it("lets the author save drafts of the revision", async () => {
    const saved = await labeler.api.put(`/api/v1/tasks/${taskId}/draft`, {
      content: "A running program with its own mem",
    });
    expect(saved.status).toBe(200);
    const next = await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`);
    expect(next.body.id).toBe(taskId);
    expect(next.body.draft.turns).toEqual(["A running program with its own mem"]);
  });

  it("makes a resubmit the next revision, back in review (201), and a repeat of it a no-op (200)", async () => {
    const text = "A running program with its own memory and open files.";
    const resubmitted = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: text });
    expect(resubmitted.status).toBe(201);
    expect(resubmitted.body).toMatchObject({ id: responseId, status: "submitted", revision: 2, content: text });
    const repeat = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: text });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ id: responseId, revision: 2, content: text });

    const revisions = await prisma.responseRevision.findMany({ where: { responseId }, orderBy: { number: "asc" } });
    expect(revisions.map((r) => [r.number, r.turns, r.authorId])).toEqual([
      [1, ["A running program."], labeler.actor.id],
      [2, [text], labeler.actor.id],
    ]);
    const events = await auditEventsFor(responseId);
    expect(events.map((e) => e.action)).toEqual(["review.decide", "response.revise"]);
    expect(events[1]).toMatchObject({
      actorId: labeler.actor.id,
      projectId,
      before: { status: "needs_revision", revision: 1 },
      after: { status: "submitted", revision: 2 },
    });
    // Back to the task the labeler held; the resubmitted one is out of their queue.
    expect((await labeler.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id).toBe(heldTaskId);
    // Waiting for review again, it is open to its author's edits (docs/workspace.md).
    expect((await labeler.api.put(`/api/v1/tasks/${taskId}/draft`, { content: "more" })).status).toBe(200);
  });

  it("validates a resubmit like a submit and keeps the response sent back when it fails", async () => {
    const other = await prisma.task.findUniqueOrThrow({ where: { id: heldTaskId } });
    const submitted = await labeler.api.post(`/api/v1/tasks/${other.id}/submit`, { turns: ["Hello.", "Then this."] });
    expect(submitted.status).toBe(201);
    await reviewer.api.post(`/api/v1/responses/${submitted.body.id}/review`, {
      decision: "revise",
      comment: "Warmer.",
    });
    expect((await labeler.api.post(`/api/v1/tasks/${other.id}/submit`, { turns: ["Hello!"] })).status).toBe(400);
    expect((await labeler.api.post(`/api/v1/tasks/${other.id}/submit`, { turns: ["Hello!", " "] })).status).toBe(400);
    expect((await prisma.response.findUniqueOrThrow({ where: { id: submitted.body.id } })).status).toBe(
      "needs_revision",
    );
    const fixed = await labeler.api.post(`/api/v1/tasks/${other.id}/submit`, { turns: ["Hello there!", "Then this."] });
    expect(fixed.status).toBe(201);
    expect(fixed.body).toMatchObject({ revision: 2, turns: ["Hello there!", "Then this."] });
  });

  it("edits and accepts: every revision stays, the export carries the reviewer's text", async () => {
    const edited = "A running program: its own memory, open files and threads.";
    const res = await reviewer.api.post(`/api/v1/responses/${responseId}/review`, {
      decision: "edit",
      editedContent: edited,
      comment: "Added threads.",
      scores: { helpfulness: 4 },
    });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ status: "accepted", revision: 3, content: edited });
    expect(res.body.review).toMatchObject({ decision: "edit", revision: 2 });

    const detail = await labeler.api.get(`/api/v1/responses/${responseId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.revisions.map((r: { number: number; by: string }) => [r.number, r.by])).toEqual([
      [1, "author"],
      [2, "author"],
      [3, "reviewer"],
    ]);
    expect(detail.body.revisions[2].author).toEqual({ id: null, name: pseudonym(reviewer.actor.id) });
    expect(detail.body.reviews.map((r: { decision: string; revision: number }) => [r.decision, r.revision])).toEqual([
      ["revise", 1],
      ["edit", 2],
    ]);

    const exported = await admin.api.get(`/api/v1/projects/${projectId}/export?status=accepted`);
    expect(exported.status).toBe(200);
    expect(parseJsonl(exported.text)).toEqual([
      {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "What is a process?" },
          { role: "assistant", content: edited },
        ],
      },
    ]);
    // Accepted is final: nothing to revise, and a submit returns the accepted response.
    expect((await labeler.api.put(`/api/v1/tasks/${taskId}/draft`, { content: "x" })).status).toBe(409);
    const late = await labeler.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "x" });
    expect(late.status).toBe(200);
    expect(late.body.content).toBe(edited);
  });
});
