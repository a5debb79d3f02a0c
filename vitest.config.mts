import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
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
      DATABASE_URL: Object.assign(new URL(process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"), {
        pathname: `/${process.env.TEST_DATABASE_NAME ?? "exemplar_test"}`,
      }).toString(),
    },
    // Integration tests share one test database; files run one after another.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
