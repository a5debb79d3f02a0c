"use client";

import { useState, useTransition } from "react";
import { ROLE_VALUES } from "@/lib/users/schemas";
import { updateUserAction } from "@/app/(app)/admin/users/actions";
import styles from "./users.module.css";

type Role = (typeof ROLE_VALUES)[number];
type User = { id: string; email: string; role: Role; active: boolean };

/**
 * A row's role and Activate/Deactivate, saved at once. The select is not named "Role" so that
 * the create form's Role field stays the one control with that label on the page.
 */
export function UserRoleSelect({ user }: { user: User }) {
  const [role, setRole] = useState(user.role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function change(next: Role) {
    setRole(next);
    setError(null);
    startTransition(async () => {
      const result = await updateUserAction(user.id, { role: next });
      if (!result.ok) {
        setRole(user.role);
        setError(result.formError ?? Object.values(result.fieldErrors)[0] ?? "Could not change the role");
      }
    });
  }

  return (
    <div className={styles.controls}>
      <select
        aria-label="Access level"
        value={role}
        disabled={pending}
        onChange={(e) => change(e.target.value as Role)}
      >
        {ROLE_VALUES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <span className={`field-error ${styles.rowError}`} aria-live="polite">
        {error}
      </span>
    </div>
  );
}

export function UserActiveButton({ user }: { user: User }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function toggle() {
    setError(null);
    startTransition(async () => {
      const result = await updateUserAction(user.id, { active: !user.active });
      if (!result.ok) setError(result.formError ?? Object.values(result.fieldErrors)[0] ?? "Could not save");
    });
  }

  return (
    <div className={styles.controls}>
      <button
        type="button"
        className={`button button-small ${user.active ? "button-danger" : ""}`}
        onClick={toggle}
        disabled={pending}
      >
        {user.active ? "Deactivate" : "Activate"}
      </button>
      <span className={`field-error ${styles.rowError}`} aria-live="polite">
        {error}
      </span>
    </div>
  );
}
