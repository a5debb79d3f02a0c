// `prisma generate` without the native schema engine: the CLI only needs the engine for
// migrate/db commands (which we never run), but it tries to download one at start-up and
// fails offline unless PRISMA_SCHEMA_ENGINE_BINARY points at an existing file.
// See docs/decisions/001-migrations.md.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
env.CHECKPOINT_DISABLE = "1";
env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/exemplar";
// Resolve Prisma 7's CLI by package, not `npx prisma`: the dev dependency prisma-legacy-diff
// (Prisma 6, for offline migration diffs) also ships a `prisma` bin and may own the link.
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
