import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "pg";
import { migrate, readMigrations } from "@/lib/migrations/migrate";

// This file's database is migrated already (lib/testing/global-setup.ts); each test changes the checksum
// recorded for one migration and puts it back.
const NAME = "20261128020000_claim_and_submit_functions";
const BEFORE_COMMENT_EDIT = "c6cfe56245dd72bcf82fcdb593421c323509b13868f5185e2f097a721bafda5d";

describe("migrate and the recorded checksums", () => {
  const url = process.env.DATABASE_URL!;
  const client = new Client({ connectionString: url });
  let current: string;
  const record = (checksum: string) =>
    client.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [checksum, NAME]);

  beforeAll(async () => {
    await client.connect();
    current = (await readMigrations()).find((m) => m.name === NAME)!.checksum;
  });
  afterAll(async () => {
    await record(current);
    await client.end();
  });

  it("accepts a database that applied a migration before an edit of its comments", async () => {
    expect(current).not.toBe(BEFORE_COMMENT_EDIT);
    await record(BEFORE_COMMENT_EDIT);
    await expect(migrate(url)).resolves.toEqual([]);
  });

  it("refuses a migration changed in any other way after it was applied", async () => {
    await record("0".repeat(64));
    await expect(migrate(url)).rejects.toThrow(`Migration ${NAME} was changed after it was applied`);
  });
});
