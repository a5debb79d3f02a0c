import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createTestProject, createTestUsers } from "@/lib/testing/factories";
import { seedSubmittedResponses } from "@/lib/testing/review-fixtures";
import { responseSelect } from "@/lib/review/response-view";
import { selectedResponseRow } from "@/lib/review/sql/response-view";

describe("the response view read in SQL", () => {
  it("is what responseSelect reads, with and without guidelines and an external id", async () => {
    const [admin, labeler] = await createTestUsers("admin", "labeler");
    const project = await createTestProject(admin.actor);
    const [full, bare] = await seedSubmittedResponses(project.id, labeler.actor.id, 2);
    const { promptId } = await prisma.response.update({
      where: { id: bare! },
      data: { guidelinesVersionId: null, turns: ["two", "turns"], revision: 3, secondOpinion: true },
      select: { promptId: true },
    });
    await prisma.prompt.update({ where: { id: promptId }, data: { externalId: null } });

    for (const id of [full!, bare!]) {
      const prismaRead = await prisma.response.findUniqueOrThrow({ where: { id }, select: responseSelect });
      expect(await selectedResponseRow(id)).toEqual(prismaRead);
    }
    expect((await selectedResponseRow(bare!))?.guidelines).toBeNull();
  });

  it("finds nothing for an unknown id", async () => {
    expect(await selectedResponseRow("00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });
});
