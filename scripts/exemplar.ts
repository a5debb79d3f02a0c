/**
 * The command line: `npm run exemplar -- <command> [--flag value …]`. Commands live in lib/cli.
 */
import { runCli } from "@/lib/cli/run-cli";

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
