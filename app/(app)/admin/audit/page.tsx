import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { listAuditEvents } from "@/lib/audit/list-events";
import { ListAuditQuery } from "@/lib/audit/schemas";
import { parseQueryValues } from "@/lib/query-params";
import { auditNames, auditProjectOptions } from "@/lib/audit/event-subjects";
import { listUsers } from "@/lib/users/users";
import { AppError } from "@/lib/errors";
import { AuditFilterForm, readAuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import styles from "@/components/audit/audit.module.css";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 100;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const actor = await requireActor("admin");
  const query = await searchParams;
  const filters = readAuditFilters(query);
  const cursor = typeof query.cursor === "string" ? query.cursor : undefined;
  const [users, projects] = await Promise.all([listUsers(actor), auditProjectOptions(actor)]);

  let result: Awaited<ReturnType<typeof listAuditEvents>> | null = null;
  let problem: string | null = null;
  try {
    result = await listAuditEvents(
      actor,
      parseQueryValues(ListAuditQuery, { ...filters, ...(cursor ? { cursor } : {}), limit: String(PAGE_SIZE) }),
    );
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "validation_error") throw error;
    problem = "These filters are not valid; clear them and try again.";
  }
  const names = result ? await auditNames(actor, result.items) : null;
  const older = result?.nextCursor
    ? `/admin/audit?${new URLSearchParams({ ...filters, cursor: result.nextCursor })}`
    : null;

  return (
    <main className="page stack">
      <h1>Audit log</h1>
      <p className="muted">
        Every review decision, revision, role change, import, export, token event and guidelines change: who, when and
        what changed. Newest first.
      </p>
      <AuditFilterForm
        filters={filters}
        users={users.map((u) => ({ id: u.id, label: `${u.name} (${u.email})` }))}
        projects={projects.map((p) => ({ id: p.id, label: p.name }))}
      />
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      {result && result.items.length === 0 && <p className="muted">No events match.</p>}
      {result && names && result.items.length > 0 && <AuditTable events={result.items} names={names} />}
      <nav className={styles.pager} aria-label="Audit log pages">
        {cursor && <Link href={`/admin/audit?${new URLSearchParams(filters)}`}>Newest</Link>}
        {older && <Link href={older}>Older events</Link>}
      </nav>
    </main>
  );
}
