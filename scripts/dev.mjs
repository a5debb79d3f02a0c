// `npm run dev`: the dev server with the same settings checks and generated secret as `npm start`.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { runtimeEnv } from "./runtime-env.mjs";
import { useAppDatabase } from "./database.mjs";

// DATABASE_URL, else the server on 127.0.0.1:5432, else the embedded PostgreSQL (scripts/database.mjs).
await useAppDatabase().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
const env = runtimeEnv(process.env, { mode: "development" });
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [nextBin, "dev", "-p", env.PORT, ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 1));
