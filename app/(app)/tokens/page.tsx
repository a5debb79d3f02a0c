import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { listApiTokens, type TokenSummary } from "@/lib/api-tokens/api-tokens";
import { listProjects } from "@/lib/projects/list-projects";
import { LocalTime } from "@/components/local-time";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { RevokeTokenButton } from "@/components/tokens/revoke-token-button";

export const metadata: Metadata = { title: "API tokens" };

function tokenStatus(token: TokenSummary, now: Date): "active" | "revoked" | "expired" {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt <= now) return "expired";
  return "active";
}

const BADGE = { active: "badge badge-ok", revoked: "badge badge-danger", expired: "badge badge-warn" } as const;

export default async function TokensPage() {
  const actor = await requireActor();
  const showOwner = can(actor, "admin");
  const [tokens, projects] = await Promise.all([listApiTokens(actor), showOwner ? listProjects(actor) : undefined]);
  const now = new Date();

  return (
    <main className="page stack">
      <h1>API tokens</h1>
      <p className="muted">
        Scripts and pipelines use a token as <code>Authorization: Bearer …</code>; it acts with its owner&apos;s role,
        or, when limited to a project, can only export that project.
      </p>
      <section className="card stack" aria-labelledby="create-token-heading">
        <h2 id="create-token-heading">New token</h2>
        <CreateTokenForm projects={projects?.map((p) => ({ slug: p.slug, name: p.name }))} />
      </section>
      <section className="stack" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">{showOwner ? "All tokens" : "Your tokens"}</h2>
        {tokens.length === 0 ? (
          <p className="muted">No tokens yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                {showOwner && <th scope="col">Owner</th>}
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => {
                const status = tokenStatus(token, now);
                return (
                  <tr key={token.id}>
                    <td>
                      {token.name}
                      {token.project && (
                        <div className="small muted">
                          {token.scope} of {token.project.name} only
                        </div>
                      )}
                    </td>
                    <td>
                      <code>{token.prefix}…</code>
                    </td>
                    {showOwner && (
                      <td>
                        {token.owner.name}
                        <div className="small muted">{token.owner.email}</div>
                      </td>
                    )}
                    <td>
                      <LocalTime value={token.createdAt} />
                    </td>
                    <td>
                      <LocalTime value={token.lastUsedAt} empty="never" />
                    </td>
                    <td>
                      <LocalTime value={token.expiresAt} empty="never" />
                    </td>
                    <td>
                      <span className={BADGE[status]}>{status}</span>
                    </td>
                    <td>{status === "active" && <RevokeTokenButton tokenId={token.id} name={token.name} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
