// Types of scripts/database.mjs for the TypeScript entry points (the CLI, the benchmarks).
export type Database = {
  url: string;
  source: "DATABASE_URL" | "TEST_POSTGRES_URL" | "local" | "embedded";
  /** What the one line on stderr says; never contains a password. */
  label: string;
};
type Env = Record<string, string | undefined>;
export const LOCAL_PORT: number;
export const APP_DATABASE: string;
export function redact(url: string): string;
/** `localPort` replaces 5432, for tests. */
export function resolveAppDatabase(env?: Env, options?: { localPort?: number }): Promise<Database>;
export function resolveTestServer(env?: Env, options?: { localPort?: number }): Promise<Database>;
export function useAppDatabase(env?: Env): Promise<Database>;
export function useTestServer(env?: Env): Promise<Database>;
export function recreateDatabase(serverUrl: string, name: string): Promise<string>;
