// `prisma generate` without the native schema engine: the CLI only needs the engine for
// migrate/db commands (which we never run), but it tries to download one at start-up and
// fails offline unless PRISMA_SCHEMA_ENGINE_BINARY points at an existing file.
// See ../shared/docs/platform-notes.md and docs/decisions/001-migrations.md.
import { spawnSync } from "node:child_process";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
env.CHECKPOINT_DISABLE = "1";
env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/exemplar";
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
