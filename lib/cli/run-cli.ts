import { env } from "@/lib/env";
import { disconnect } from "@/lib/db";
import { ensureDatabase, migrate } from "@/lib/migrations/migrate";
import { createUserAccount } from "@/lib/users/users";
import { tokenCommand } from "@/lib/cli/token-command";
import { seedDemo } from "@/lib/cli/seed-demo";
import { importCommand } from "@/lib/cli/import-command";
import { exportCommand } from "@/lib/cli/export-command";
import { validateCommand } from "@/lib/cli/validate-command";
import { suggestionsCommand } from "@/lib/cli/suggestions-command";
import { parseArgs, required } from "@/lib/cli/args";
import { fillAllMissingEditDistances } from "@/lib/analytics/stored-edit-distances";
import { CreateUserInput, ROLE_VALUES } from "@/lib/users/schemas";

const USAGE = `usage: npm run exemplar -- <command>

  migrate                                   create the database if missing, apply pending migrations, then store
                                            the edit distances older responses lack (decision 021)
  user:create --email E --name N --role R   R: ${ROLE_VALUES.join("|")}; password from EXEMPLAR_PASSWORD or generated
  token:create --email E [--name NAME] [--project SLUG --scope export]
                                            prints an API token on the last line
  seed:demo                                 demo project, prompts and accounts (idempotent)
  import --project SLUG FILE                streams a JSONL file of prompts in, all or nothing; prints {imported, skipped}
  export --project SLUG [--format F] [--status S] [--since D] [--until D] [--guidelines-version N]
         [--labeler ID] [--min-score X] [--limit N] [--after ID] [--include metadata]
         [--split train|validation [--validation-fraction F]] [--out FILE(.gz)]
                                            streams the export (docs/formats.md) to stdout or FILE; progress on stderr
  suggestions:generate --project SLUG [--detach]
                                            generates suggestions for the open prompts with the project's model,
                                            working the run here too (progress on stderr) unless --detach
  validate FILE [--format F] [--max-tokens 16385]
                                            checks a JSONL file (F: openai, sharegpt, chatml, prompt-completion,
                                            preference) and prints token statistics; exit code 1 on any error`;

export async function runCli(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const command = positional[0];
  try {
    switch (command) {
      case "migrate": {
        const url = env().DATABASE_URL;
        if (await ensureDatabase(url)) console.log(`created database ${new URL(url).pathname.slice(1)}`);
        const applied = await migrate(url, (line) => console.log(line));
        console.log(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");
        // In Node, with the one edit-distance function, which SQL cannot reproduce: a no-op once filled.
        const filled = await fillAllMissingEditDistances();
        if (filled > 0) console.log(`stored the edit distance of ${filled} revised response(s)`);
        return 0;
      }
      case "user:create": {
        const role = required(flags, "role");
        if (!ROLE_VALUES.includes(role as never)) throw new Error(`--role must be one of ${ROLE_VALUES.join(", ")}`);
        const input = CreateUserInput.parse({
          email: required(flags, "email"),
          name: required(flags, "name"),
          role: role as (typeof ROLE_VALUES)[number],
          password: process.env.EXEMPLAR_PASSWORD ?? "",
        });
        const { user, generatedPassword } = await createUserAccount(input);
        console.log(`created ${user.role} ${user.email} (${user.id})`);
        if (generatedPassword) console.log(`password: ${generatedPassword}`);
        return 0;
      }
      case "token:create":
        return await tokenCommand(flags);
      case "seed:demo": {
        await seedDemo((line) => console.log(line));
        return 0;
      }
      case "import": {
        const file = positional[1];
        if (!file) throw new Error("give the JSONL file to import: import --project SLUG FILE");
        return await importCommand(required(flags, "project"), file);
      }
      case "export":
        return await exportCommand(flags);
      case "validate":
        return await validateCommand(positional[1], flags);
      case "suggestions:generate":
        return await suggestionsCommand(required(flags, "project"), flags);
      default:
        console.error(command ? `unknown command: ${command}\n\n${USAGE}` : USAGE);
        return command ? 2 : 0;
    }
  } finally {
    await disconnect();
  }
}
