import { z } from "zod";

const SECRET_TOO_SHORT = "must be at least 32 characters; `npm start` generates one into .secrets/ when unset";

/**
 * Every setting, validated once, so a bad value stops start-up with a message naming it. Read
 * lazily so `next build` can import server modules without a database or secret present.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .default("postgresql://postgres@127.0.0.1:5432/exemplar"),
  /**
   * A streaming replica of DATABASE_URL's database (a hot standby): exports, analytics, the prompts search and
   * the audit log read it when it has caught up (lib/db.ts `readFromReplica`, docs/scaling.md "A read replica").
   * Unset or empty: everything reads the primary.
   */
  DATABASE_READ_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
      .optional(),
  ),
  NEXTAUTH_SECRET: z.string().min(32, SECRET_TOO_SHORT).optional(),
  NEXTAUTH_URL: z.url("must be the app's public origin, e.g. http://localhost:3000").optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EXEMPLAR_MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  /**
   * Prompt imports running at once on one instance; each holds a database connection of its own while its
   * client uploads (lib/import/import-slots.ts), on top of DATABASE_POOL_SIZE.
   */
  EXEMPLAR_MAX_CONCURRENT_IMPORTS: z.coerce.number().int().min(1).max(50).default(2),
  /**
   * Exports streaming at once on one instance; each holds a pooled connection (of DATABASE_POOL_SIZE) while its
   * client downloads (lib/export/export-slots.ts).
   */
  EXEMPLAR_MAX_CONCURRENT_EXPORTS: z.coerce.number().int().min(1).max(50).default(3),
  /** An export whose client reads nothing for this long is stopped and its connection freed. */
  EXEMPLAR_EXPORT_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * How many reverse proxies in front of the app append the client's address to X-Forwarded-For
   * (0: clients reach `next start` directly). lib/auth/client-address.ts explains the choice.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Seals model connections' API keys (lib/assistant/secret-box.ts). `npm start` generates one into .secrets/
   * when unset; losing or changing it makes the stored keys unreadable (docs/decisions/013-model-connections.md).
   */
  EXEMPLAR_ENCRYPTION_KEY: z.string().min(32, SECRET_TOO_SHORT).optional(),
  /**
   * "1" lets model connections reach link-local addresses (169.254.0.0/16, fe80::/10), where clouds serve instance
   * metadata and credentials; refused otherwise (lib/assistant/endpoint-guard.ts, docs/security.md).
   */
  EXEMPLAR_ALLOW_LINK_LOCAL_MODELS: z.enum(["0", "1"], "must be 0 or 1").default("0"),
  /**
   * "off" keeps this process from working on suggestion generation runs (lib/assistant/generation-worker.ts):
   * then `npm run worker` on this or another machine does it. Any other value, or none, starts the worker.
   */
  EXEMPLAR_WORKER: z.string().default("on"),
  /**
   * Requests for suggestions that call the model, per labeler and minute, across every app instance
   * (lib/assistant/request-limit.ts); more get 429. 0 turns the limit off.
   */
  EXEMPLAR_SUGGESTIONS_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(30),
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

/**
 * The secret sessions are signed with (lib/auth/options.ts), read from the environment at each use
 * and checked like every setting: at least 32 characters. The app has no fallback: next-auth's own
 * (in development it derives a secret from its options, which anyone can recompute) is never reached.
 * `npm start` and `npm run dev` generate one into .secrets/ before Next starts; a plain `next dev`
 * or `next start` without one answers sign-ins and session reads with 500.
 */
export function sessionSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) {
    throw new Error(
      "NEXTAUTH_SECRET is not set. Start the app with `npm start` or `npm run dev`, which generate one, or set it.",
    );
  }
  if (!envSchema.shape.NEXTAUTH_SECRET.safeParse(secret).success)
    throw new Error(`NEXTAUTH_SECRET ${SECRET_TOO_SHORT}`);
  return secret;
}

/**
 * The key model connections' API keys are sealed with, checked like the session secret. A key of its own rather
 * than one derived from NEXTAUTH_SECRET: rotating the session secret (say after a leak) must not destroy every
 * stored API key, and a leaked session secret must not open them. `npm start` and `npm run dev` generate one.
 */
export function encryptionKeySecret(): string {
  const secret = process.env.EXEMPLAR_ENCRYPTION_KEY;
  if (!secret) {
    throw new Error(
      "EXEMPLAR_ENCRYPTION_KEY is not set. Start the app with `npm start` or `npm run dev`, which generate one, or set it.",
    );
  }
  if (!envSchema.shape.EXEMPLAR_ENCRYPTION_KEY.safeParse(secret).success)
    throw new Error(`EXEMPLAR_ENCRYPTION_KEY ${SECRET_TOO_SHORT}`);
  return secret;
}
