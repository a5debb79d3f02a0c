import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "pg";
import { applyFunctions, definedFunctions, migrate, readFunctionSources } from "@/lib/migrations/migrate";
import { databaseUrl, dropDatabase, recreateDatabase } from "@/lib/testing/databases";
import { TEST_DATABASE } from "@/lib/testing/global-setup";
// @ts-expect-error: a plain .mjs script without type declarations
import { schemaSql } from "../../scripts/schema-sql.mjs";

// Named after this run's test database, so two runs side by side never drop each other's.
const FROM_SCHEMA = `${TEST_DATABASE}_drift_schema`;
const FROM_MIGRATIONS = `${TEST_DATABASE}_drift_migrations`;
const FROM_FUNCTIONS = `${TEST_DATABASE}_drift_functions`;
const MIGRATED = `${TEST_DATABASE}_drift_migrated`;

/**
 * Hand-written SQL that schema.prisma cannot declare (decision 001), each exactly as pg_dump prints it from
 * the migrations, with what the schema declares instead. Only these lines may differ.
 */
const HAND_WRITTEN: Record<string, string> = {
  // Search columns, computed from the text they index (decision 012).
  "    search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, jsonb_path_query_array(messages, '$[*].\"content\"'::jsonpath))) STORED":
    "    search tsvector",
  "    search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, turns)) STORED": "    search tsvector",
  // The responses whose stored edit distance is still to be computed (decision 021): a partial index.
  "CREATE INDEX responses_edit_distance_missing_idx ON public.responses USING btree (project_id) WHERE ((revision > 1) AND (edit_distance IS NULL));":
    "CREATE INDEX responses_edit_distance_missing_idx ON public.responses USING btree (project_id);",
  // The responses waiting for a second opinion (decision 028): a partial index.
  "CREATE INDEX responses_second_opinion_waiting_idx ON public.responses USING btree (project_id, seq) WHERE (second_opinion AND (NOT second_opinion_given) AND (status = ANY (ARRAY['accepted'::public.\"ResponseStatus\", 'rejected'::public.\"ResponseStatus\"])));":
    "CREATE INDEX responses_second_opinion_waiting_idx ON public.responses USING btree (project_id, seq);",
};

/** The structure of a database as pg_dump prints it, without comments and bookkeeping. */
function structure(url: string): string {
  const dump = execFileSync(
    "pg_dump",
    ["--schema-only", "--no-owner", "--no-privileges", "-T", "_prisma_migrations", url],
    {
      encoding: "utf8",
    },
  );
  const lines = withoutFunctions(dump.split("\n"))
    // Triggers (the analytics summaries', decision 021) are SQL that schema.prisma cannot declare either.
    .filter(
      (line) => line.trim() && !line.startsWith("--") && !line.startsWith("\\") && !line.startsWith("CREATE TRIGGER "),
    )
    .map((line) => HAND_WRITTEN[line.replace(/,$/, "")] ?? line);
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
 * The dump without its SQL functions: schema.prisma cannot declare them. Their one source is
 * prisma/functions/*.sql, compared below; what they do is tested in lib/tasks/*.test.ts.
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

/** Every function of the database's public schema (none comes from an extension): signature → definition. */
async function functionDefinitions(url: string): Promise<Map<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ signature: string; definition: string }>(
      `SELECT p.oid::regprocedure::text AS signature, pg_get_functiondef(p.oid) AS definition
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
    );
    return new Map(rows.map((r) => [r.signature, r.definition]));
  } finally {
    await client.end();
  }
}

/**
 * Where the functions of a migrated database differ from the source's: a function the source does
 * not define (it needs a DROP FUNCTION IF EXISTS in the source), one missing, or one whose definition
 * is not the source's (edited by hand, or created by a migration after the source was applied).
 */
function functionDrift(database: Map<string, string>, source: Map<string, string>): string[] {
  const drift: string[] = [];
  for (const [signature, definition] of database) {
    if (!source.has(signature)) drift.push(`not in prisma/functions: ${signature}`);
    else if (source.get(signature) !== definition) drift.push(`differs from prisma/functions: ${signature}`);
  }
  for (const signature of source.keys()) if (!database.has(signature)) drift.push(`missing: ${signature}`);
  return drift.sort();
}

// The functions are kept in prisma/functions/*.sql alone and installed by every migrate over what the
// migrations created (decision 007). A migrated database must hold exactly the functions that
// applying the source alone to an empty database gives (function bodies unchecked there: it has no
// tables), with the same definitions.
describe("the SQL functions and prisma/functions", () => {
  let fromSource: Map<string, string>;
  let migratedUrl: string;

  beforeAll(async () => {
    const scratch = new Client({ connectionString: await recreateDatabase(FROM_FUNCTIONS) });
    await scratch.connect();
    try {
      await scratch.query("SET check_function_bodies = off");
      await applyFunctions(scratch);
    } finally {
      await scratch.end();
    }
    fromSource = await functionDefinitions(databaseUrl(FROM_FUNCTIONS));
    migratedUrl = await recreateDatabase(MIGRATED);
    await migrate(migratedUrl);
  });

  afterAll(async () => {
    await dropDatabase(FROM_FUNCTIONS);
    await dropDatabase(MIGRATED);
  });

  it("define every function they name", async () => {
    const named = definedFunctions(await readFunctionSources());
    expect(named.length).toBeGreaterThan(0);
    expect([...new Set([...fromSource.keys()].map((signature) => signature.replace(/\(.*$/, "")))].sort()).toEqual(
      named,
    );
  });

  it("are in a migrated database exactly as the source defines them, and no others", async () => {
    expect(functionDrift(await functionDefinitions(migratedUrl), fromSource)).toEqual([]);
  });

  it("find a function edited by hand, and the next migrate puts the source's back", async () => {
    const client = new Client({ connectionString: migratedUrl });
    await client.connect();
    try {
      await client.query(
        `CREATE OR REPLACE FUNCTION exemplar_give_back_place(p_prompt uuid) RETURNS void
         LANGUAGE sql AS $$ UPDATE prompts SET taken = taken - 1 WHERE id = p_prompt $$`,
      );
      await client.query("CREATE FUNCTION exemplar_stale() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$");
    } finally {
      await client.end();
    }
    expect(functionDrift(await functionDefinitions(migratedUrl), fromSource)).toEqual([
      "differs from prisma/functions: exemplar_give_back_place(uuid)",
      "not in prisma/functions: exemplar_stale()",
    ]);
    // The hand edit is undone by the next migrate; a function the source dropped only by a DROP in it.
    expect(await migrate(migratedUrl)).toEqual([]);
    expect(functionDrift(await functionDefinitions(migratedUrl), fromSource)).toEqual([
      "not in prisma/functions: exemplar_stale()",
    ]);
  });
});
