import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { listUsersPage } from "@/lib/users/users";
import { ListUsersQuery, ROLE_VALUES } from "@/lib/users/schemas";
import { CreateUserForm } from "@/components/users/create-user-form";
import { ResetPasswordButton, UserActiveButton, UserRoleSelect } from "@/components/users/user-controls";
import styles from "@/components/users/users.module.css";

export const metadata: Metadata = { title: "Users" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTER_KEYS = ["q", "role", "status"] as const;

export default async function UsersPage({ searchParams }: Props) {
  const actor = await requireActor("admin");
  const query = await searchParams;
  // The filters as the URL has them (non-empty strings), kept in the form and in the pager's links.
  const filters: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (typeof value === "string" && value.trim() !== "") filters[key] = value.trim();
  }
  const cursor = typeof query.cursor === "string" ? query.cursor : undefined;
  const parsed = ListUsersQuery.safeParse({ ...filters, ...(cursor ? { cursor } : {}) });
  const { items: users, nextCursor } = parsed.success
    ? await listUsersPage(actor, parsed.data)
    : { items: [], nextCursor: null };
  const filtered = Object.keys(filters).length > 0;
  const next = nextCursor ? `/admin/users?${new URLSearchParams({ ...filters, cursor: nextCursor })}` : null;

  return (
    <main className="page stack">
      <h1>Users</h1>
      <p className="muted">
        Newest accounts first. A role change, a deactivation or a password reset signs the person out everywhere, and
        each asks first. Nobody can sign up; accounts are made here.
      </p>
      <form
        method="get"
        action="/admin/users"
        className={`card ${styles.filters}`}
        role="search"
        aria-label="Find users"
      >
        <div className={`field ${styles.query}`}>
          <label htmlFor="users-q">Search</label>
          <input
            id="users-q"
            name="q"
            type="search"
            placeholder="A part of a name or email"
            defaultValue={filters.q ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="users-role">Filter by role</label>
          <select id="users-role" name="role" defaultValue={filters.role ?? ""}>
            <option value="">Any role</option>
            {ROLE_VALUES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="users-status">Filter by status</label>
          <select id="users-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">Active or not</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
        <button type="submit" className="button button-primary">
          Find
        </button>
        {filtered && (
          <Link href="/admin/users" className="button">
            Clear
          </Link>
        )}
      </form>
      {!parsed.success && (
        <p className="alert alert-error" role="alert">
          These filters are not valid; clear them and try again.
        </p>
      )}
      {parsed.success && users.length === 0 && (
        <p className="muted">{filtered ? "No user matches." : "No users yet."}</p>
      )}
      <div className={styles.tableWrap} hidden={users.length === 0}>
        <table className={`table ${styles.userTable}`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Active</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td className={styles.nowrap}>
                  {user.name} {user.id === actor.id && <span className="badge">you</span>}
                </td>
                <td className={styles.nowrap}>{user.email}</td>
                {/* Keyed on the saved role, so a change made elsewhere resets the select. Your own role and
                  account are not offered: an admin cannot demote, deactivate or reset themselves (lib/users). */}
                <td>{user.id === actor.id ? user.role : <UserRoleSelect key={user.role} user={user} />}</td>
                <td>
                  {user.active ? (
                    <span className="badge badge-ok">active</span>
                  ) : (
                    <span className="badge badge-danger">inactive</span>
                  )}
                </td>
                <td>
                  {user.id !== actor.id && (
                    <div className={styles.controls}>
                      <UserActiveButton user={user} />
                      {user.active && <ResetPasswordButton user={user} />}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className={styles.pager} aria-label="User pages">
        {cursor && <Link href={`/admin/users?${new URLSearchParams(filters)}`}>Newest</Link>}
        {next && <Link href={next}>Older accounts</Link>}
      </nav>
      <section className="card stack" aria-labelledby="create-user-heading">
        <h2 id="create-user-heading">Create user</h2>
        <CreateUserForm />
      </section>
    </main>
  );
}
