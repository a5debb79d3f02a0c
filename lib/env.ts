import { z } from "zod";

/**
 * Every setting, validated once (style.md §10). Read lazily so `next build` can import
 * server modules without a database or secret present.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .default("postgresql://postgres@127.0.0.1:5432/exemplar"),
  NEXTAUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters; `npm start` generates one into .secrets/ when unset")
    .optional(),
  NEXTAUTH_URL: z.url("must be the app's public origin, e.g. http://localhost:3000").optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EXEMPLAR_MAX_IMPORT_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  /**
   * Prompt imports running at once on one instance; each holds a database connection of its own while its
   * client uploads (lib/import/import-slots.ts), on top of DATABASE_POOL_SIZE.
   */
  EXEMPLAR_MAX_CONCURRENT_IMPORTS: z.coerce.number().int().min(1).max(50).default(2),
  /**
   * How many reverse proxies in front of the app append the client's address to X-Forwarded-For
   * (0: clients reach `next start` directly). lib/auth/client-address.ts explains the choice.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** The session secret is required wherever sessions are signed; never fall back to a default. */
export function sessionSecret(): string {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) {
    throw new Error("NEXTAUTH_SECRET is not set. Start the app with `npm start`, which generates one, or set it.");
  }
  return secret;
}
