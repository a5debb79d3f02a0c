import path from "node:path";
import { databaseUrl } from "../../lib/testing/databases";

/**
 * Where each e2e worker's server and data live. Workers run spec files side by side (playwright.config.ts,
 * E2E_WORKERS), each with a production server of its own on a copy of the e2e database (e2e/global-setup.ts), so
 * one worker's data, sign-in failures and restarts never reach another's. Playwright numbers the workers running
 * at once from 0 (TEST_PARALLEL_INDEX, stable when a worker is replaced after a failure); outside a worker (the
 * runner itself, the global setup) there is none, and 0 stands in.
 */

/** The migrated e2e database with the admin, which each worker's database is copied from. */
export const E2E_DATABASE = process.env.E2E_DATABASE_NAME ?? "exemplar_e2e";

export const E2E_ADMIN_EMAIL = "e2e-admin@example.test";

/** The admin's password and API token, written by the global setup (git-ignored; new every run). */
export const e2eStateFile = () => path.join(__dirname, "..", ".state", `${E2E_DATABASE}.json`);

export const workerIndex = Number(process.env.TEST_PARALLEL_INDEX ?? 0);

export const workerDatabaseName = (index = workerIndex) => `${E2E_DATABASE}_w${index}`;

/** This worker's database. */
export const workerDatabaseUrl = databaseUrl(workerDatabaseName());

/**
 * Two ports per worker from E2E_PORT: its server's, and a spare one for a spec that runs a server of its own on
 * a fixed port (a page's origin must survive that server's restart).
 */
const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
export const workerPort = BASE_PORT + 2 * workerIndex;
export const workerSparePort = workerPort + 1;
