// Settings every server start needs, checked before Next starts so a mistake reads as one
// clear message instead of a 500 later. lib/env.ts validates the same values in the app.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const SECRET_FILE = path.join(process.cwd(), ".secrets", "nextauth-secret");

/**
 * NEXTAUTH_SECRET from the environment, or from a git-ignored file generated on first start:
 * no default secret ever ships (a shared default would let anyone forge sessions).
 */
export function ensureSessionSecret(env = process.env) {
  if (env.NEXTAUTH_SECRET) return { secret: env.NEXTAUTH_SECRET, source: "environment" };
  if (existsSync(SECRET_FILE)) return { secret: readFileSync(SECRET_FILE, "utf8").trim(), source: SECRET_FILE };
  mkdirSync(path.dirname(SECRET_FILE), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(SECRET_FILE, secret + "\n", { mode: 0o600 });
  return { secret, source: `${SECRET_FILE} (generated now)` };
}

export function runtimeEnv(env = process.env) {
  const problems = [];
  const port = env.PORT ?? "3000";
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) problems.push(`PORT must be a port number (got "${port}")`);
  const databaseUrl = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/exemplar";
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push("DATABASE_URL must be a postgresql:// URL");
  if (env.NEXTAUTH_SECRET !== undefined && env.NEXTAUTH_SECRET.length < 32) {
    problems.push("NEXTAUTH_SECRET must be at least 32 characters (unset it to have one generated)");
  }
  if (env.NEXTAUTH_URL !== undefined && !/^https?:\/\//.test(env.NEXTAUTH_URL)) {
    problems.push("NEXTAUTH_URL must be the app's origin, e.g. http://localhost:3000");
  }
  if (problems.length) {
    console.error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  const { secret } = ensureSessionSecret(env);
  return {
    ...env,
    PORT: port,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  };
}
