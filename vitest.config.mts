import { configDefaults, defineConfig } from "vitest/config";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Files that must not share the machine with another test file: they time themselves against fixed bounds, so a
 * second file busy on the same cores would fail them, not the code. They run one after another once the others
 * are done (the "alone" project below).
 */
const ALONE = [
  // Request times under fixed bounds (1–3 s) on inputs made to be slow if counting were unbounded.
  "lib/tasks/token-safety.api.test.ts",
  "lib/tokenizer/bounded.test.ts",
  // A hung model must give up at its 2 s timeout, and not much later.
  "lib/assistant/suggestions.api.test.ts",
];

/**
 * `vitest run --exclude GLOB` (as .ci/run uses it) reaches the root config only, not the projects below, whose
 * files are what runs: pass its globs on to them.
 */
function excludedOnTheCommandLine(argv = process.argv): string[] {
  return argv.flatMap((arg, i) =>
    arg === "--exclude" && argv[i + 1] ? [argv[i + 1]!] : arg.startsWith("--exclude=") ? [arg.slice(10)] : [],
  );
}

export default defineConfig(async () => {
  // The server the test databases are created on: TEST_POSTGRES_URL, else 127.0.0.1:5432, else the embedded
  // PostgreSQL (scripts/database.mjs). Set in process.env so lib/testing/databases.ts and the test workers see
  // it. Imported by URL so the config bundler leaves the script as it is.
  if (!process.env.TEST_POSTGRES_URL) {
    const { useTestServer } = await import(
      pathToFileURL(path.resolve(import.meta.dirname, "scripts/database.mjs")).href
    );
    await useTestServer();
  }
  // Test files run this many at a time, each worker on a database of its own (lib/testing/global-setup.ts).
  const workers = Number(process.env.TEST_WORKERS ?? 2);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`TEST_WORKERS must be a whole number ≥ 1`);
  const resolve = {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run server code directly.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  };
  const shared = {
    env: {
      // Signs test sessions (lib/testing/session-cookie.ts) and keys blind review (lib/users/blind-review-key.ts).
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "exemplar-tests-only-session-secret-not-for-production",
      // Seals model connections' API keys (lib/assistant/secret-box.ts).
      EXEMPLAR_ENCRYPTION_KEY:
        process.env.EXEMPLAR_ENCRYPTION_KEY ?? "exemplar-tests-only-encryption-key-not-for-production",
      // The origin lib/testing/api-client.ts sends its requests to, as a deployment sets it.
      NEXTAUTH_URL: "http://exemplar.test",
    },
    // DATABASE_URL: the worker's own database, set before each file (lib/testing/worker-database.ts).
    setupFiles: ["lib/testing/worker-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  };
  const include = ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"];
  const exclude = [...configDefaults.exclude, ...excludedOnTheCommandLine()];
  return {
    resolve,
    test: {
      // Once per run, before any project: the migrated template and a copy of it per worker.
      globalSetup: ["lib/testing/global-setup.ts"],
      maxWorkers: workers,
      projects: [
        { resolve, test: { ...shared, name: "parallel", include, exclude: [...exclude, ...ALONE] } },
        { resolve, test: { ...shared, name: "alone", include: ALONE, exclude, fileParallelism: false } },
      ],
    },
  };
});
