import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { pool, prisma } from "@/lib/db";
import { createProjectWithPrompts, createTestUsers, type TestUser } from "@/lib/testing/factories";
import { claimTaskRow, submitTaskRow, type SubmittedTurns } from "@/lib/tasks/sql/leasing";

// A first submit writes its suggestion provenance in the same statement as the response
// (exemplar_submit_task, prisma/functions/leasing.sql): either both are written or neither is.
describe("the submit and its provenance, in one statement", () => {
  let admin: TestUser, labeler: TestUser;
  let projectId: string;
  const text: SubmittedTurns = { turns: ["Mine."], turnTokens: [2], activeMs: 1000 };

  beforeAll(async () => {
    [admin, labeler] = await createTestUsers("admin", "labeler");
    projectId = (
      await createProjectWithPrompts(admin.actor, [
        { id: "a", prompt: "One?" },
        { id: "b", prompt: "Two?" },
      ])
    ).id;
  });

  async function claim() {
    const row = await claimTaskRow(projectId, null, labeler.actor.id);
    expect(row.outcome).toBe("claimed");
    return row.task!;
  }

  it("a provenance row that cannot be written rolls the whole submit back", async () => {
    const taskId = await claim();
    // A suggestion that does not exist (one deleted after the submit checked it): its row breaks the
    // foreign key, so the statement fails and nothing of the submit stays.
    const missing = { turn: 0, suggestion: randomUUID(), editDistance: 0, shareKept: 1 };
    await expect(submitTaskRow(taskId, labeler.actor.id, text, [missing])).rejects.toMatchObject({ code: "23503" });

    const task = await prisma.task.findUniqueOrThrow({
      where: { id: taskId },
      select: { status: true, promptId: true },
    });
    expect(task.status).toBe("active");
    expect(await prisma.response.count({ where: { taskId } })).toBe(0);
    expect(await prisma.responseRevision.count({ where: { response: { taskId } } })).toBe(0);
    expect((await prisma.prompt.findUniqueOrThrow({ where: { id: task.promptId } })).taken).toBe(1);

    // The same submit without it goes through.
    const ok = await submitTaskRow(taskId, labeler.actor.id, text, []);
    expect(ok.outcome).toBe("created");
    expect(await prisma.responseProvenance.count({ where: { responseId: ok.response! } })).toBe(0);
  });

  it("the five-argument submit an app version before this one calls still works, with no provenance", async () => {
    const taskId = await claim();
    const { rows } = await pool().query<{ outcome: string; response: string }>(
      "SELECT outcome, response FROM exemplar_submit_task($1, $2, $3::jsonb, $4::int[], $5)",
      [taskId, labeler.actor.id, JSON.stringify(text.turns), text.turnTokens, text.activeMs],
    );
    expect(rows[0]!.outcome).toBe("created");
    expect(await prisma.responseProvenance.count({ where: { responseId: rows[0]!.response } })).toBe(0);
  });
});
