// `npm start`: serve the built app (no installs, no migrations, no seeding).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { processDefaults, runtimeEnv } from "./runtime-env.mjs";
import { useAppDatabase } from "./database.mjs";

const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!existsSync(`${distDir}/BUILD_ID`)) {
  console.error("No production build found. Run `npm run build` first (or `npm run demo`).");
  process.exit(1);
}
// DATABASE_URL, else the server on 127.0.0.1:5432, else the embedded PostgreSQL (scripts/database.mjs).
await useAppDatabase().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
const env = runtimeEnv();
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
// Run next in this process's place (same PID group), so stopping `npm start` stops the server.
const nodeArgs = process.env.EXEMPLAR_PROFILE_DIR
  ? ["--cpu-prof", `--cpu-prof-dir=${process.env.EXEMPLAR_PROFILE_DIR}`]
  : [];
const child = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-p", env.PORT, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: processDefaults(env),
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
