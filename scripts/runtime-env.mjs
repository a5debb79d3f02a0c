// Settings every server start needs, checked before Next starts so a mistake reads as one
// clear message instead of a 500 later. lib/env.ts validates the same values in the app.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";

const SECRET_FILE = path.join(process.cwd(), ".secrets", "nextauth-secret");
const ENCRYPTION_KEY_FILE = path.join(process.cwd(), ".secrets", "encryption-key");
const MIN_SECRET_LENGTH = 32;

/**
 * NEXTAUTH_SECRET from the environment, or from a git-ignored file generated on first start:
 * no default secret ever ships (a shared default would let anyone forge sessions). Either source
 * must be at least 32 characters; a shorter one is an error, never padded or replaced.
 */
export function ensureSessionSecret(env = process.env, file = SECRET_FILE) {
  return ensureSecret(env, "NEXTAUTH_SECRET", file);
}

/**
 * EXEMPLAR_ENCRYPTION_KEY, which seals model connections' API keys (lib/assistant/secret-box.ts), kept like the
 * session secret but in a file of its own: rotating one must not touch the other. Losing it makes the stored
 * API keys unreadable (docs/decisions/013-model-connections.md), so back up .secrets/ with the database.
 */
export function ensureEncryptionKey(env = process.env, file = ENCRYPTION_KEY_FILE) {
  return ensureSecret(env, "EXEMPLAR_ENCRYPTION_KEY", file);
}

/**
 * The app's EXEMPLAR_ENCRYPTION_KEY for a process that opens stored API keys but is not the app (`npm run worker`,
 * the CLI): from the environment or .secrets/encryption-key, never generated. A key generated on a machine of its
 * own would open none of the keys the app sealed.
 */
export function existingEncryptionKey(env = process.env, file = ENCRYPTION_KEY_FILE) {
  const found = existingSecret(env, "EXEMPLAR_ENCRYPTION_KEY", file);
  if (found) return found;
  throw new Error(
    `EXEMPLAR_ENCRYPTION_KEY is not set and ${file} does not exist. Copy the app's key from the machine it runs on ` +
      "(its EXEMPLAR_ENCRYPTION_KEY, or the .secrets/encryption-key file beside it) and set it here; a new key would open none of the stored API keys.",
  );
}

function existingSecret(env, name, file) {
  if (env[name] !== undefined) return { secret: checkedSecret(env[name], name), source: "environment" };
  if (existsSync(file)) return { secret: checkedSecret(readFileSync(file, "utf8").trim(), file), source: file };
  return null;
}

function ensureSecret(env, name, file) {
  const found = existingSecret(env, name, file);
  if (found) return found;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  try {
    // `wx`: two first starts at once (the demo and the CLI) must not each keep a secret of their own.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
    return { secret: checkedSecret(readFileSync(file, "utf8").trim(), file), source: file };
  }
  return { secret, source: `${file} (generated now)` };
}

function checkedSecret(secret, source) {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `The secret in ${source} must be at least ${MIN_SECRET_LENGTH} characters (delete the file, or unset the variable, to have one generated)`,
    );
  }
  return secret;
}

/**
 * What a production start should hear about but may run with. next-auth marks its cookies Secure
 * only when NEXTAUTH_URL is https; behind a TLS-terminating proxy with an http:// NEXTAUTH_URL the
 * session cookie would also be sent over plain http. A loopback origin is exempt: that is a browser
 * on the same machine (the demo), which browsers treat as a secure context.
 */
export function productionWarnings(env) {
  const warnings = [];
  const url = URL.canParse(env.NEXTAUTH_URL ?? "") ? new URL(env.NEXTAUTH_URL) : null;
  const loopback = url && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url && url.protocol !== "https:" && !loopback) {
    warnings.push(
      `NEXTAUTH_URL is not https (${env.NEXTAUTH_URL}): session cookies are not marked Secure and can travel over plain http. ` +
        "Behind a TLS proxy, set NEXTAUTH_URL to the https:// origin users open.",
    );
  }
  return warnings;
}

/**
 * Settings a server process can only be given when it starts, which `npm start` gives the Next.js server it
 * spawns (and `npm run worker` its worker); what the environment already says wins. The first three keep the
 * server's memory near what it uses rather than what it once touched (docs/performance.md, "Suggestions generated
 * ahead"; decision 030), the last its garbage collector from crowding out other processes:
 *
 * - MALLOC_ARENA_MAX=2: glibc's malloc gives each thread that allocates at once an arena of its own, up to eight
 *   per core, and Node.js allocates from many threads (V8's compiler and collector threads, libuv's pool). Each
 *   arena keeps what was freed in it for later, so the resident set grows with the number of arenas.
 * - `--max-semi-space-size=8` (MB): V8's young generation is two semi-spaces that grow to 16 MB each under a
 *   high allocation rate and stay resident. Half of that keeps the young generation small; a quarter (4 MB)
 *   was smaller still but made the collections so frequent that the app's CPU per request and its latency
 *   tails grew under a thousand labelers' load.
 * - `--max-old-space-size=1024` (MB): below 2 GB V8 lets the old generation grow less between full collections
 *   (about 1.6 times what survived the last one at 1 GB, instead of up to 4), so garbage promoted while model
 *   calls are in flight is collected before it piles up. It is also a hard limit, far above what the largest
 *   request holds; a deployment that needs more sets its own in NODE_OPTIONS, which comes after these and wins.
 * - `--v8-pool-size` (v8PoolSize): V8's helper threads, which mark the heap during a full collection while the
 *   server goes on serving. Node.js starts four per process whatever the machine; two instances on two cores
 *   then had eight, and each full collection took the CPU from the other instance and PostgreSQL at once, the
 *   bursts of slow requests under a thousand labelers (decision 032).
 */
export const PROCESS_NODE_OPTIONS = `--max-semi-space-size=8 --max-old-space-size=1024 --v8-pool-size=${v8PoolSize()}`;

/** One V8 helper thread per two cores, at least one and at most Node.js's own default of four. */
export function v8PoolSize(cores = availableParallelism()) {
  return Math.min(4, Math.max(1, Math.floor(cores / 2)));
}

export function processDefaults(env = process.env) {
  return {
    MALLOC_ARENA_MAX: "2",
    ...env,
    NODE_OPTIONS: [PROCESS_NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(" "),
  };
}

/** `mode`: "production" for `npm start`, "development" for `npm run dev`. */
export function runtimeEnv(env = process.env, { mode = "production" } = {}) {
  const problems = [];
  const port = env.PORT ?? "3000";
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)
    problems.push(`PORT must be a port number (got "${port}")`);
  const databaseUrl = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/exemplar";
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push("DATABASE_URL must be a postgresql:// URL");
  if (env.NEXTAUTH_URL !== undefined && !/^https?:\/\//.test(env.NEXTAUTH_URL)) {
    problems.push("NEXTAUTH_URL must be the app's origin, e.g. http://localhost:3000");
  }
  let secret;
  let encryptionKey;
  try {
    secret = ensureSessionSecret(env).secret;
    encryptionKey = ensureEncryptionKey(env).secret;
  } catch (error) {
    problems.push(error.message);
  }
  if (problems.length) {
    console.error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  const nextauthUrl = env.NEXTAUTH_URL ?? `http://localhost:${port}`;
  if (mode === "production")
    for (const warning of productionWarnings({ NEXTAUTH_URL: nextauthUrl })) console.warn(`Warning: ${warning}`);
  return {
    ...env,
    PORT: port,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: secret,
    EXEMPLAR_ENCRYPTION_KEY: encryptionKey,
    NEXTAUTH_URL: nextauthUrl,
  };
}
