import type { TestProject } from "vitest/node";
import { migrate } from "@/lib/migrations/migrate";
import { copyDatabase, recreateDatabase, TEST_DATABASE, workerDatabase } from "@/lib/testing/databases";

export { TEST_DATABASE };

/**
 * Once per `vitest run`: TEST_DATABASE, freshly migrated, then one copy of it per worker (`<name>_w1`, …): files
 * run in parallel, each worker's on that worker's copy (lib/testing/worker-database.ts), so no two files share a
 * database at once. Copying a template is a file copy on the server, far quicker than migrating each.
 */
export default async function setup(project: TestProject) {
  const url = await recreateDatabase(TEST_DATABASE);
  await migrate(url);
  // The most files any project runs at once (VITEST_POOL_ID goes from 1 to it).
  const counts = [project.vitest.config, ...project.vitest.projects.map((p) => p.config)].map((c) => c.maxWorkers);
  const workers = Math.max(1, ...counts.filter(Number.isFinite));
  for (let id = 1; id <= workers; id++) await copyDatabase(TEST_DATABASE, workerDatabase(id));
}
