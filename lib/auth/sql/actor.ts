import "server-only";
import { pool } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";

/**
 * What a request authenticates with, once its form is checked: an API token's hash, or the user and session
 * version a browser session's cookie carries (lib/auth/current-user.ts).
 */
export type Credentials =
  | { via: "token"; tokenHash: string }
  | { via: "session"; userId: string; sessionVersion: number };

/** The user the credentials stand for; for a token, the token's id and its project scope. */
export type ActorRow = {
  id: string;
  email: string;
  name: string;
  role: Actor["role"];
  token_id: string | null;
  project_id: string | null;
  scope: string | null;
};

/**
 * The rule of who a request is, in one statement (decisions 002 and 027): `actor`, the one row of the user when
 * the credentials still hold (a token neither revoked nor expired, a session of the user's current version; the
 * user active), else no row; and `touched`, which writes a token's last-used time, at most once a minute (writing
 * it on every request would turn reads into writes). $1 is a token's hash, or $2 and $3 a session's user and
 * version (the other side NULL). Named: each connection plans it once (lib/db.ts).
 */
const ACTOR_SQL = `
  WITH actor AS (
    SELECT u.id, u.email, u.name, u.role::text AS role, t.id AS token_id, t.project_id, t.scope
      FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1::text AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
       AND u.active
    UNION ALL
    SELECT u.id, u.email, u.name, u.role::text, NULL::uuid, NULL::uuid, NULL::text
      FROM users u
     WHERE u.id = $2::uuid AND u.session_version = $3::int AND u.active
  ),
  touched AS (
    UPDATE api_tokens SET last_used_at = now()
     WHERE id = (SELECT token_id FROM actor) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
  )
  SELECT * FROM actor`;

/** The user the credentials stand for, or undefined when they no longer hold. */
export async function actorRow(credentials: Credentials): Promise<ActorRow | undefined> {
  const { rows } = await pool().query<ActorRow>({
    name: "actor",
    text: ACTOR_SQL,
    values:
      credentials.via === "token"
        ? [credentials.tokenHash, null, null]
        : [null, credentials.userId, credentials.sessionVersion],
  });
  return rows[0];
}
