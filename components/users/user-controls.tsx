"use client";

import { useState, useTransition } from "react";
import { ROLE_VALUES } from "@/lib/users/schemas";
import { resetPasswordAction, updateUserAction } from "@/app/(app)/admin/users/actions";
import { ConfirmDialog } from "@/components/admin/confirm-dialog";
import { CopyButton } from "@/components/forms/copy-button";
import { Modal } from "@/components/modal";
import styles from "./users.module.css";

type Role = (typeof ROLE_VALUES)[number];
type User = { id: string; name: string; email: string; role: Role; active: boolean };

const failure = (result: { formError?: string | null; fieldErrors?: Record<string, string> }, fallback: string) =>
  result.formError ?? Object.values(result.fieldErrors ?? {})[0] ?? fallback;

/**
 * A row's role. Choosing another one asks first, because saving it signs the person out everywhere;
 * Cancel puts the select back. Not named "Role", so the create form's Role field stays the one
 * control with that label on the page.
 */
export function UserRoleSelect({ user }: { user: User }) {
  const [role, setRole] = useState(user.role);
  const [asked, setAsked] = useState<Role | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function cancel() {
    setAsked(null);
    setRole(user.role);
    setError(null);
  }

  function confirm(next: Role) {
    startTransition(async () => {
      const result = await updateUserAction(user.id, { role: next });
      if (!result.ok) {
        setError(failure(result, "Could not change the role"));
        return;
      }
      setAsked(null);
    });
  }

  return (
    <div className={styles.controls}>
      <select
        aria-label={`Access level of ${user.name}`}
        value={role}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value as Role;
          setRole(next);
          setError(null);
          if (next !== user.role) setAsked(next);
        }}
      >
        {ROLE_VALUES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <ConfirmDialog
        open={asked !== null}
        title={`Make ${user.name} ${asked === "admin" ? "an" : "a"} ${asked}?`}
        confirmLabel="Change role and sign out"
        pending={pending}
        error={error}
        onConfirm={() => asked && confirm(asked)}
        onCancel={cancel}
      >
        <p>
          {user.name} ({user.email}) goes from <strong>{user.role}</strong> to <strong>{asked}</strong>
          {asked === "admin" ? ", with access to every project, user and export." : "."}
        </p>
        <p>
          They are signed out everywhere at their next step and sign in again. Their API tokens keep working with the
          new role.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** Deactivate (asks first: it signs out and revokes tokens for good) or Activate (at once). */
export function UserActiveButton({ user }: { user: User }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function save(active: boolean) {
    setError(null);
    startTransition(async () => {
      const result = await updateUserAction(user.id, { active });
      if (!result.ok) setError(failure(result, "Could not save"));
      else setAsking(false);
    });
  }

  return (
    <div className={styles.controls}>
      <button
        type="button"
        className={`button button-small ${user.active ? "button-danger" : ""}`}
        onClick={() => (user.active ? setAsking(true) : save(true))}
        disabled={pending}
      >
        {user.active ? "Deactivate" : "Activate"}
      </button>
      {!asking && (
        <span className={`field-error ${styles.rowError}`} aria-live="polite">
          {error}
        </span>
      )}
      <ConfirmDialog
        open={asking}
        title={`Deactivate ${user.name}?`}
        confirmLabel="Deactivate"
        pending={pending}
        error={error}
        onConfirm={() => save(false)}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
      >
        <p>
          {user.name} ({user.email}) can no longer sign in, is signed out everywhere, and every API token of theirs is
          revoked. That cannot be undone: activating the account again later does not bring the tokens back.
        </p>
        <p>Their work so far stays, with their name on it.</p>
      </ConfirmDialog>
    </div>
  );
}

/**
 * Password reset by an admin: asks first, then shows the generated password once, in a dialog that
 * stays until the admin closes it (the password is gone after that).
 */
export function ResetPasswordButton({ user }: { user: User }) {
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const secretId = `new-password-${user.id}`;

  function reset() {
    setError(null);
    startTransition(async () => {
      const result = await resetPasswordAction(user.id);
      if (!result.ok) {
        setError(failure(result, "Could not reset the password"));
        return;
      }
      setAsking(false);
      setPassword(result.data.password);
    });
  }

  return (
    <>
      <button type="button" className="button button-small" onClick={() => setAsking(true)} disabled={pending}>
        Reset password
      </button>
      <ConfirmDialog
        open={asking}
        title={`Reset ${user.name}'s password?`}
        confirmLabel="Reset password"
        pending={pending}
        error={error}
        onConfirm={reset}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
      >
        <p>
          {user.name} ({user.email}) gets a new generated password. Their old password stops working, they are signed
          out everywhere, and every API token of theirs is revoked. That cannot be undone.
        </p>
        <p>You see the new password once, next; give it to them over a safe channel.</p>
      </ConfirmDialog>
      <Modal open={password !== null} onClose={() => setPassword(null)} labelledBy={`${secretId}-title`}>
        <div className="stack">
          <h2 id={`${secretId}-title`}>New password for {user.name}</h2>
          <p>
            Shown <strong>only this once</strong>. Copy it now and give it to {user.name} over a safe channel; they sign
            in as {user.email} with this password.
          </p>
          <div className="row">
            <code id={secretId} className={styles.secret}>
              {password}
            </code>
            {password && <CopyButton text={password} targetId={secretId} />}
          </div>
          <div className="row">
            <span className="spacer" />
            <button type="button" className="button button-primary" onClick={() => setPassword(null)} data-autofocus>
              Done
            </button>
          </div>
        </div>
      </Modal>
    </>
  );
}
