import type { ReactNode } from "react";
import styles from "./forms.module.css";

export type ControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

type FieldProps = {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: (control: ControlProps) => ReactNode;
};

/**
 * A labelled control with its hint and an error region that screen readers announce when a
 * message appears (from the schema on the client or from the server action).
 */
export function Field({ id, label, hint, error, className, children }: FieldProps) {
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {children(controlProps(id, error, hint))}
      <FieldError id={id} error={error} />
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

export function controlProps(id: string, error: string | undefined, hint?: ReactNode): ControlProps {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined };
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return (
    <span id={`${id}-error`} className={`field-error ${styles.region}`} aria-live="polite">
      {error}
    </span>
  );
}
