import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createTestUsers, jsonl, type TestUser } from "@/lib/testing/factories";
import { browserAs } from "@/lib/testing/session-cookie";

// Who did what: the events the admin actions record, and the admin-only log that reads them.
describe("the audit log", () => {
  let admin: TestUser, reviewer: TestUser, labeler: TestUser;
  let projectId: string;

  const events = async (query: string) => {
    const res = await admin.api.get(`/api/v1/audit?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    [admin, reviewer, labeler] = await createTestUsers("admin", "reviewer", "labeler");
    projectId = (await admin.api.post("/api/v1/projects", { name: "Audited", guidelines: "# One" })).body.id;
  });

  it("records project creation and setting changes with before and after", async () => {
    await admin.api.patch(`/api/v1/projects/${projectId}`, { maxResponseTokens: 300, secondOpinionRate: 0.2 });
    const { items } = await events(`projectId=${projectId}`);
    expect(items.map((e: { action: string }) => e.action)).toEqual(["project.update", "project.create"]);
    expect(items[0]).toMatchObject({
      actor: { id: admin.actor.id, name: admin.actor.name, email: admin.actor.email },
      entityType: "project",
      entityId: projectId,
      before: { maxResponseTokens: 4096, secondOpinionRate: 0 },
      after: { maxResponseTokens: 300, secondOpinionRate: 0.2 },
    });
  });

  it("records a published guidelines version and an import, in their projects", async () => {
    await admin.api.put(`/api/v1/projects/${projectId}/guidelines`, { markdown: "# Two" });
    await admin.api.put(`/api/v1/projects/${projectId}/guidelines`, { markdown: "# Two" });
    await admin.api.postText(
      `/api/v1/projects/${projectId}/prompts`,
      jsonl([
        { id: "x", prompt: "?" },
        { id: "y", prompt: "?" },
      ]),
    );
    const published = await events(`projectId=${projectId}&action=guidelines.publish`);
    expect(published.items).toHaveLength(1);
    expect(published.items[0]).toMatchObject({ before: { version: 1 }, after: { version: 2 } });
    const imported = await events(`projectId=${projectId}&action=prompts.import`);
    expect(imported.items.map((e: { after: unknown }) => e.after)).toEqual([{ imported: 2, skipped: 0 }]);
  });

  it("records who exported a project and with which parameters", async () => {
    const res = await admin.api.get(`/api/v1/projects/${projectId}/export?format=sharegpt&status=all`);
    expect(res.status).toBe(200);
    const exported = await events(`projectId=${projectId}&action=export.run`);
    expect(exported.items).toHaveLength(1);
    expect(exported.items[0]).toMatchObject({
      actor: { id: admin.actor.id },
      entityType: "project",
      entityId: projectId,
      after: { format: "sharegpt", status: "all" },
    });
  });

  it("records user changes without the password, and token creation and revocation", async () => {
    await admin.api.patch(`/api/v1/users/${labeler.actor.id}`, { role: "reviewer", password: "a new long password" });
    const [change] = (await events(`action=user.update&actorId=${admin.actor.id}`)).items;
    expect(change).toMatchObject({
      entityId: labeler.actor.id,
      before: { role: "labeler", active: true },
      after: { role: "reviewer", active: true, passwordChanged: true },
    });
    expect(JSON.stringify(change)).not.toContain("a new long password");

    // Tokens are created by a signed-in person, not by another token.
    const token = await (await browserAs(reviewer.actor.id)).post("/api/v1/tokens", { name: "pipeline" });
    await reviewer.api.delete(`/api/v1/tokens/${token.body.id}`);
    const tokenEvents = await events(`actorId=${reviewer.actor.id}`);
    expect(tokenEvents.items.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual(
      expect.arrayContaining([
        ["token.revoke", token.body.id],
        ["token.create", token.body.id],
      ]),
    );
    expect(JSON.stringify(tokenEvents)).not.toContain(token.body.secret);
  });

  it("pages newest first with a cursor and filters by time", async () => {
    const page1 = await events(`projectId=${projectId}&limit=3`);
    expect(page1.items).toHaveLength(3);
    expect(page1.items[0].seq).toBeGreaterThan(page1.items[1].seq);
    const page2 = await events(`projectId=${projectId}&limit=3&cursor=${page1.nextCursor}`);
    expect(page2.items[0].seq).toBeLessThan(page1.items[2].seq);
    const everything = await events(`projectId=${projectId}&limit=500`);
    expect(everything.nextCursor).toBeNull();
    expect(everything.items.map((e: { action: string }) => e.action)).toEqual([
      "export.run",
      "prompts.import",
      "guidelines.publish",
      "project.update",
      "project.create",
    ]);
    expect([...page1.items, ...page2.items]).toEqual(everything.items);
    expect((await events(`projectId=${projectId}&since=2999-01-01`)).items).toEqual([]);
    expect((await events(`projectId=${projectId}&until=2000-01-01`)).items).toEqual([]);
  });

  it("finds old events by `until`, page by page, with newer ones after them", async () => {
    const old = (await admin.api.post("/api/v1/projects", { name: "Old", guidelines: "# Old" })).body.id;
    await admin.api.patch(`/api/v1/projects/${old}`, { maxResponseTokens: 200 });
    await admin.api.patch(`/api/v1/projects/${old}`, { maxResponseTokens: 100 });
    const [first, second] = (await events(`projectId=${old}`)).items.slice(1).reverse();
    // Everything up to the second as if written years ago, a minute apart in seq order (the order real events
    // have); the last one stays now.
    await prisma.$executeRaw`UPDATE audit_events SET created_at = '2020-01-01'::timestamptz + seq * interval '1 minute'
                              WHERE seq <= ${second.seq}`;
    const justAfter = (seq: number) => new Date(Date.UTC(2020, 0, 1) + seq * 60_000 + 30_000).toISOString();
    const until = encodeURIComponent(justAfter(second.seq));
    const page1 = await events(`projectId=${old}&until=${until}&limit=1`);
    const page2 = await events(`projectId=${old}&until=${until}&limit=1&cursor=${page1.nextCursor}`);
    expect([...page1.items, ...page2.items].map((e: { id: string }) => e.id)).toEqual([second.id, first.id]);
    const beforeSecond = encodeURIComponent(justAfter(first.seq));
    expect((await events(`projectId=${old}&until=${beforeSecond}`)).items.map((e: { id: string }) => e.id)).toEqual([
      first.id,
    ]);
  });

  it("is for admins only and refuses unknown filters and values", async () => {
    expect((await reviewer.api.get("/api/v1/audit")).status).toBe(403);
    for (const query of ["action=drop.table", "actorId=me", "since=today", "cursor=-1", "limit=0", "entityType=user"]) {
      expect((await admin.api.get(`/api/v1/audit?${query}`)).status, query).toBe(400);
    }
  });
});
