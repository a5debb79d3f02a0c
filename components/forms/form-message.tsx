import styles from "./forms.module.css";

/** The form-level error region: present from the start so a new message is announced. */
export function FormError({ message }: { message: string | null | undefined }) {
  return (
    <div aria-live="polite" className={styles.region}>
      {message && <p className="alert alert-error">{message}</p>}
    </div>
  );
}

/** A short confirmation after a save, announced politely. */
export function FormSuccess({ message }: { message: string | null | undefined }) {
  return (
    <div role="status" className={styles.region}>
      {message && <p className="alert alert-ok">{message}</p>}
    </div>
  );
}

/** A polite live region for richer content (a one-time secret, a notice after a redirect). */
export function StatusRegion({ children }: { children: React.ReactNode }) {
  return (
    <div role="status" className={styles.region}>
      {children}
    </div>
  );
}
