import { databaseUrl, workerDatabase } from "@/lib/testing/databases";

// Vitest setup file: runs in a test worker before each test file. Files run in parallel, each worker on its own
// copy of the migrated test database (lib/testing/global-setup.ts): DATABASE_URL names it, for the app code under
// test and for every child process a test starts (they inherit the environment).
process.env.DATABASE_URL = databaseUrl(workerDatabase(Number(process.env.VITEST_POOL_ID ?? 1)));
