import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createTestUser, uniq, type TestUser } from "@/lib/testing/factories";
import { listUsersPage } from "@/lib/users/users";
import { ListUsersQuery } from "@/lib/users/schemas";

// The users page reads a page of accounts at a time (decision 028): every account is reached by following the
// cursor, once, newest first, and the search and filters hold on every page.
describe("the users page, a page at a time", () => {
  let admin: TestUser;
  const tag = uniq("Paged").toLowerCase();
  const made: Array<{ id: string; role: string }> = [];

  beforeAll(async () => {
    admin = await createTestUser("admin");
    for (const role of ["labeler", "reviewer", "labeler", "labeler", "reviewer"] as const) {
      const user = await createTestUser(role, `${tag}-${made.length}`);
      made.push({ id: user.actor.id, role });
    }
    // The fourth account is deactivated; the second shares the creation time of the third (ties go by id).
    await prisma.user.update({ where: { id: made[3]!.id }, data: { active: false } });
    const third = await prisma.user.findUniqueOrThrow({ where: { id: made[2]!.id }, select: { createdAt: true } });
    await prisma.user.update({ where: { id: made[1]!.id }, data: { createdAt: third.createdAt } });
  });

  const allPages = async (query: Record<string, string>, limit: number) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await listUsersPage(
        admin.actor,
        ListUsersQuery.parse({ ...query, ...(cursor ? { cursor } : {}) }),
        limit,
      );
      expect(result.items.length).toBeLessThanOrEqual(limit);
      ids.push(...result.items.map((u) => u.id));
      if (!result.nextCursor) return ids;
      cursor = result.nextCursor;
    }
    throw new Error("the cursor never ended");
  };

  it("reaches every match once, newest first, through the cursor", async () => {
    const expected = await prisma.user.findMany({
      where: { name: { startsWith: tag } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(expected).toHaveLength(5);
    expect(await allPages({ q: tag.toUpperCase() }, 2)).toEqual(expected.map((u) => u.id));
  });

  it("keeps the role and status filters on every page", async () => {
    const labelers = await allPages({ q: tag, role: "labeler" }, 1);
    expect(new Set(labelers)).toEqual(new Set(made.filter((u) => u.role === "labeler").map((u) => u.id)));
    expect(await allPages({ q: tag, status: "inactive" }, 1)).toEqual([made[3]!.id]);
    expect(await allPages({ q: tag, status: "active", role: "reviewer" }, 1)).toHaveLength(2);
  });

  it("takes the search literally: no wildcards", async () => {
    expect(await allPages({ q: `${tag.slice(0, 4)}%` }, 10)).toEqual([]);
    expect(await allPages({ q: `${tag}-4` }, 10)).toEqual([made[4]!.id]);
  });
});

describe("the users page's cursor", () => {
  it("refuses one of the right form whose time is no time", () => {
    const id = "0b6f2c1e-8d4a-4f6e-9a1b-2c3d4e5f6a7b";
    expect(ListUsersQuery.safeParse({ cursor: `2026-12-04T10:00:00.000Z_${id}` }).success).toBe(true);
    expect(ListUsersQuery.safeParse({ cursor: `2026-13-45T10:00:00.000Z_${id}` }).success).toBe(false);
  });
});
