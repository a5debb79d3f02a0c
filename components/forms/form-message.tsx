/** The form-level error region: present from the start so a new message is announced. */
export function FormError({ message }: { message: string | null | undefined }) {
  return <div aria-live="polite">{message && <p className="alert alert-error">{message}</p>}</div>;
}

/** A short confirmation after a save, announced politely. */
export function FormSuccess({ message }: { message: string | null | undefined }) {
  return <div role="status">{message && <p className="alert alert-ok">{message}</p>}</div>;
}
