// Prints the SQL that takes one Prisma schema to another, for writing a new migration:
//   npm run -s migration:sql                       # from empty to prisma/schema.prisma
//   npm run -s migration:sql -- OLD.prisma         # from OLD to prisma/schema.prisma
// `prisma migrate diff` of Prisma 7 needs the native schema engine, which cannot be downloaded
// here; Prisma 6.19's CLI diffs schema-to-schema with its WebAssembly engine (installed as the
// dev dependency prisma-legacy-diff). docs/decisions/001-migrations.md.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The Prisma 6 CLI wants the old generator name and a url in the datasource block. */
function toLegacySchema(source) {
  return source
    .replace(/provider\s*=\s*"prisma-client"/, 'provider = "prisma-client-js"')
    .replace(/^\s*output\s*=.*$/m, "")
    .replace(
      /(datasource\s+db\s*\{[^}]*provider\s*=\s*"postgresql")/,
      '$1\n  url = "postgresql://unused@127.0.0.1/unused"',
    );
}

export function schemaSql(toSchemaPath, fromSchemaPath) {
  const root = process.cwd();
  const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const dir = mkdtempSync(path.join(tmpdir(), "exemplar-schema-sql-"));
  try {
    symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
    writeFileSync(
      path.join(dir, "prisma.config.mjs"),
      // The diff touches no database, but the CLI opens the adapter's connection at start-up.
      `import { PrismaPg } from "prisma-legacy-adapter-pg";
export default { experimental: { adapter: true }, engine: "js",
  adapter: async () => new PrismaPg({ connectionString: ${JSON.stringify(serverUrl)} }) };\n`,
    );
    writeFileSync(path.join(dir, "to.prisma"), toLegacySchema(readFileSync(toSchemaPath, "utf8")));
    const from = fromSchemaPath ? ["--from-schema-datamodel", "from.prisma"] : ["--from-empty"];
    if (fromSchemaPath)
      writeFileSync(path.join(dir, "from.prisma"), toLegacySchema(readFileSync(fromSchemaPath, "utf8")));
    const cli = path.join(root, "node_modules", "prisma-legacy-diff", "build", "index.js");
    const result = spawnSync(
      process.execPath,
      [
        cli,
        "migrate",
        "diff",
        ...from,
        "--to-schema-datamodel",
        "to.prisma",
        "--script",
        "--config",
        "prisma.config.mjs",
      ],
      {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
          PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
          CHECKPOINT_DISABLE: "1",
        },
      },
    );
    if (result.status !== 0) throw new Error(`prisma migrate diff failed:\n${result.stderr}${result.stdout}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The diff's adapter connects at start-up: to the tests' server (scripts/database.mjs).
  const { useTestServer } = await import("./database.mjs");
  await useTestServer();
  process.stdout.write(schemaSql(path.join(process.cwd(), "prisma", "schema.prisma"), process.argv[2]));
}
