import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/users/users";
import { CreateUserForm } from "@/components/users/create-user-form";
import { ResetPasswordButton, UserActiveButton, UserRoleSelect } from "@/components/users/user-controls";
import styles from "@/components/users/users.module.css";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requireActor("admin");
  const users = await listUsers(actor);

  return (
    <main className="page stack">
      <h1>Users</h1>
      <p className="muted">
        A role change, a deactivation or a password reset signs the person out everywhere, and each asks first. Nobody
        can sign up; accounts are made here.
      </p>
      <div className={styles.tableWrap}>
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
      <section className="card stack" aria-labelledby="create-user-heading">
        <h2 id="create-user-heading">Create user</h2>
        <CreateUserForm />
      </section>
    </main>
  );
}
