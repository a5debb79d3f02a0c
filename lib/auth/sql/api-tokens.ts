import "server-only";
import { pool } from "@/lib/db";
import type { Actor } from "@/lib/auth/permissions";

/** An API token found by its secret's hash, with its owner. */
export type TokenActorRow = {
  id: string;
  revoked_at: Date | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  project_id: string | null;
  scope: string | null;
  user_id: string;
  email: string;
  name: string;
  role: Actor["role"];
  active: boolean;
};

// Every API request starts here, so it is one round trip on the pool, not an ORM query with a relation
// (docs/performance.md, bench:load), and a named statement, planned once per connection (lib/db.ts).
const TOKEN_ACTOR_SQL = `
  SELECT t.id, t.revoked_at, t.expires_at, t.last_used_at, t.project_id, t.scope,
         u.id AS user_id, u.email, u.name, u.role::text AS role, u.active
    FROM api_tokens t JOIN users u ON u.id = t.user_id
   WHERE t.token_hash = $1`;

export async function tokenActorRow(tokenHash: string): Promise<TokenActorRow | undefined> {
  const { rows } = await pool().query<TokenActorRow>({
    name: "token-actor",
    text: TOKEN_ACTOR_SQL,
    values: [tokenHash],
  });
  return rows[0];
}

export async function touchTokenLastUsed(tokenId: string, at: Date): Promise<void> {
  await pool().query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", [tokenId, at]);
}
