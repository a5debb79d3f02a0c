/** Types of runtime-env.mjs for the TypeScript entry points (the CLI). */
export function ensureSessionSecret(
  env?: Record<string, string | undefined>,
  file?: string,
): { secret: string; source: string };
export function ensureEncryptionKey(
  env?: Record<string, string | undefined>,
  file?: string,
): { secret: string; source: string };
export function existingEncryptionKey(
  env?: Record<string, string | undefined>,
  file?: string,
): { secret: string; source: string };
export function productionWarnings(env: Record<string, string | undefined>): string[];
export function runtimeEnv(
  env?: Record<string, string | undefined>,
  options?: { mode?: "production" | "development" },
): Record<string, string>;
export const PROCESS_NODE_OPTIONS: string;
export function processDefaults(env?: Record<string, string | undefined>): Record<string, string | undefined>;
export function v8PoolSize(cores?: number): number;
