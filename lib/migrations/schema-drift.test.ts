import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Client } from "pg";
import { migrate } from "@/lib/migrations/migrate";
import { dropDatabase, recreateDatabase } from "@/lib/testing/databases";
import { TEST_DATABASE } from "@/lib/testing/global-setup";
// @ts-expect-error: a plain .mjs script without type declarations
import { schemaSql } from "../../scripts/schema-sql.mjs";

// Named after this run's test database, so two runs side by side never drop each other's.
const FROM_SCHEMA = `${TEST_DATABASE}_drift_schema`;
const FROM_MIGRATIONS = `${TEST_DATABASE}_drift_migrations`;

/** The structure of a database as pg_dump prints it, without comments and bookkeeping. */
function structure(url: string): string {
  const dump = execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "-T", "_prisma_migrations", url], {
    encoding: "utf8",
  });
  const lines = withoutFunctions(dump.split("\n")).filter((line) => line.trim() && !line.startsWith("--") && !line.startsWith("\\"));
  // A migration that adds a column appends it; a fresh schema lists it in place. Column order
  // is not drift, so compare each table's columns as a set.
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]!);
    if (!lines[i]!.startsWith("CREATE TABLE")) continue;
    const columns: string[] = [];
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith(")")) columns.push(lines[++i]!.replace(/,$/, ""));
    out.push(...columns.sort());
  }
  return out.join("\n");
}

/**
 * The dump without its SQL functions: schema.prisma cannot declare them, so only the migrations
 * create them (the claim and submit of migration 20261128020000, tested by what they do in
 * lib/tasks/*.test.ts).
 */
function withoutFunctions(lines: string[]): string[] {
  const out: string[] = [];
  let inFunction = false;
  for (const line of lines) {
    if (line.startsWith("CREATE FUNCTION ")) inFunction = true;
    if (!inFunction) out.push(line);
    if (inFunction && line.endsWith("$$;")) inFunction = false;
  }
  return out;
}

// prisma/schema.prisma and prisma/migrations must describe the same database: build one from
// each and compare the two as pg_dump sees them. Fails when a schema edit has no migration,
// or a migration was edited by hand past the schema.
describe("schema.prisma and the migrations", () => {
  afterAll(async () => {
    await dropDatabase(FROM_SCHEMA);
    await dropDatabase(FROM_MIGRATIONS);
  });

  it("build the same database", async () => {
    const schemaUrl = await recreateDatabase(FROM_SCHEMA);
    const migrationsUrl = await recreateDatabase(FROM_MIGRATIONS);
    const client = new Client({ connectionString: schemaUrl });
    await client.connect();
    await client.query(schemaSql(path.join(process.cwd(), "prisma", "schema.prisma")));
    await client.end();
    await migrate(migrationsUrl);
    expect(structure(migrationsUrl)).toBe(structure(schemaUrl));
  });

  it("apply once: a second run changes nothing", async () => {
    const url = await recreateDatabase(FROM_MIGRATIONS);
    expect((await migrate(url)).length).toBeGreaterThan(0);
    expect(await migrate(url)).toEqual([]);
  });
});
