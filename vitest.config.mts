import { defineConfig } from "vitest/config";
import path from "node:path";
import { pathToFileURL } from "node:url";

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
  const testServer = process.env.TEST_POSTGRES_URL!;
  return {
    resolve: {
      alias: {
        "@": path.resolve(import.meta.dirname),
        // `server-only` throws outside React Server Components; tests run server code directly.
        "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
      },
    },
    test: {
      include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
      globalSetup: ["lib/testing/global-setup.ts"],
      // Integration tests run against a database of their own (lib/testing/global-setup.ts).
      env: {
        // The same URL lib/testing/databases.ts builds (not imported: config files load as CommonJS).
        DATABASE_URL: Object.assign(new URL(testServer), {
          pathname: `/${process.env.TEST_DATABASE_NAME ?? "exemplar_test"}`,
        }).toString(),
        // Signs test sessions (lib/testing/session-cookie.ts) and keys blind review (lib/users/blind-review-key.ts).
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "exemplar-tests-only-session-secret-not-for-production",
        // Seals model connections' API keys (lib/assistant/secret-box.ts).
        EXEMPLAR_ENCRYPTION_KEY:
          process.env.EXEMPLAR_ENCRYPTION_KEY ?? "exemplar-tests-only-encryption-key-not-for-production",
        // The origin lib/testing/api-client.ts sends its requests to, as a deployment sets it.
        NEXTAUTH_URL: "http://exemplar.test",
      },
      // Integration tests share one test database; files run one after another.
      fileParallelism: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
});
