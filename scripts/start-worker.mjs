// `npm run worker`: scripts/worker.ts under tsx's loader, in a node started with the settings a server process
// can only be given at its start (processDefaults in runtime-env.mjs), as `npm start` starts the app's.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { processDefaults } from "./runtime-env.mjs";

// Found beside this file; tsx reads tsconfig.json (the `@/` paths) from the working directory: run it from the app's.
const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));
const child = spawn(
  process.execPath,
  ["--import", import.meta.resolve("tsx"), "--conditions=react-server", worker, ...process.argv.slice(2)],
  { stdio: "inherit", env: processDefaults(process.env) },
);
// A signal sent to this process alone is passed on, so stopping it stops the worker. Ctrl-C reaches the worker
// both ways (it is in the same process group); the worker takes the two as one (scripts/worker.ts).
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
