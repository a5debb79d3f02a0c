import { migrate } from "@/lib/migrations/migrate";
import { recreateDatabase } from "@/lib/testing/databases";

// vitest.config.mts points DATABASE_URL at the same name; a second checkout or engineer
// running tests at the same time sets TEST_DATABASE_NAME to keep out of the way.
export const TEST_DATABASE = process.env.TEST_DATABASE_NAME ?? "exemplar_test";

/** A fresh test database with every migration applied, once per `vitest run`. */
export default async function setup() {
  const url = await recreateDatabase(TEST_DATABASE);
  await migrate(url);
}
