import Link from "next/link";
import { sessionActor } from "@/lib/auth/current-user";
import { TopBar } from "./top-bar";

function StatusPage({ code, title, children }: { code: 403 | 404; title: string; children: React.ReactNode }) {
  return (
    <main className="page status-page">
      <div className="card stack">
        <p className="status-code">Error {code}</p>
        <h1>{title}</h1>
        <p className="muted">{children}</p>
        <div className="row">
          <Link href="/" className="button button-primary">
            Back to home
          </Link>
        </div>
      </div>
    </main>
  );
}

/** The 404 page's words; one page for every "not found" (the generic words leak nothing). */
export function NotFoundPage() {
  return (
    <StatusPage code={404} title="Page not found">
      There is nothing at this address, or nothing you can open. Check the link, or start again from home.
    </StatusPage>
  );
}

/** The 403 page's words: a signed-in user on a screen their role does not open. */
export function ForbiddenPage() {
  return (
    <StatusPage code={403} title="You don't have access to this page">
      This page is for another role than yours. If you need it for your work, ask an admin.
    </StatusPage>
  );
}

/**
 * An address that matches no page renders in the root layout only, outside the signed-in screens'
 * layout: the top bar is drawn here (for someone signed in; the brand alone otherwise).
 */
export async function WithTopBar({ children }: { children: React.ReactNode }) {
  const actor = await sessionActor();
  return (
    <>
      {actor ? (
        <TopBar user={{ name: actor.name, role: actor.role }} />
      ) : (
        <header className="topbar">
          <Link href="/" className="topbar-brand">
            Exemplar
          </Link>
        </header>
      )}
      {children}
    </>
  );
}
