import { afterAll, describe, expect, it, vi } from "vitest";
import { Pool } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { errorResponse } from "@/lib/api/handler";
import { freePort } from "@/lib/testing/app-process";
import { prisma } from "@/lib/db";

// The errors a database outage really produces, at every layer the app sees them (raw `pg`, Prisma model
// queries, raw queries, interactive transactions), must become 503 with Retry-After; a real query error
// must not. e2e/postgres-restart.spec.ts proves the same end to end by stopping a server under load.
// (A free port: nothing listens there, so connecting fails as on a stopped server.)
describe("errors of an unreachable database", async () => {
  const pool = new Pool({
    connectionString: `postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`,
    connectionTimeoutMillis: 1_000,
  });
  pool.on("error", () => {});
  const down = new PrismaClient({ adapter: new PrismaPg(pool) });
  afterAll(() => down.$disconnect());

  const failures: Record<string, () => Promise<unknown>> = {
    "pg query": () => pool.query("SELECT 1"),
    "Prisma model query": () => down.user.findFirst(),
    "Prisma raw query": () => down.$queryRaw`SELECT 1`,
    "Prisma transaction": () => down.$transaction(async (tx) => tx.$executeRaw`SELECT 1`),
  };

  for (const [what, fail] of Object.entries(failures)) {
    it(`answers 503 with Retry-After for a failed ${what}`, async () => {
      const error = await fail().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      const response = errorResponse(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await response.json()).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
    });
  }

  it("still answers 500 for a query that is wrong, on a database that is up", async () => {
    const error = await prisma.$queryRaw`SELECT * FROM no_such_table`.then(
      () => null,
      (e: unknown) => e,
    );
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(error);
    log.mockRestore();
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe("internal_error");
  });
});
