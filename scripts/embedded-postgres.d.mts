// Types of scripts/embedded-postgres.mjs, for tests.
export const DATA_ROOT: string;
export const DATA_DIR: string;
export const PASSWORD_FILE: string;
export const EMBEDDED_PORT: number;
export const EMBEDDED_USER: string;
export function binaries(): { packageDir: string; binDir: string; version: string };
export function hydrateLinks(): void;
export function runningServer(): { pid: number; port: number } | null;
export function answers(port: number, timeoutMs?: number): Promise<boolean>;
export function isInitialised(): boolean;
export function embeddedUrl(database: string): string;
export function ensureEmbeddedServer(): Promise<void>;
export function stopEmbeddedServer(): Promise<boolean>;
