/**
 * The command line: `npm run exemplar -- <command> [--flag value …]`. Commands live in lib/cli.
 */
import { runCli } from "@/lib/cli/run-cli";
import { useAppDatabase } from "./database.mjs";
import { ensureSessionSecret, existingEncryptionKey } from "./runtime-env.mjs";

const argv = process.argv.slice(2);
// The usage text and `validate` (a file check) never open the database, so they do not start one.
const needsDatabase = argv[0] !== undefined && argv[0] !== "validate";

// The app's session secret also keys blind-review pseudonyms: an export from the CLI must name
// authors as the app does, so the CLI reads (or generates) the same secret as `npm start`.
if (needsDatabase) process.env.NEXTAUTH_SECRET = ensureSessionSecret().secret;
// `suggestions:generate` calls the project's model with its API key, sealed under the app's encryption key: the
// app's own, never a new one (scripts/worker.ts says why).
(async () => {
  if (argv[0] === "suggestions:generate") process.env.EXEMPLAR_ENCRYPTION_KEY = existingEncryptionKey().secret;
  if (needsDatabase) await useAppDatabase();
})()
  .then(() => runCli(argv))
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
