"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { CreateTokenInput } from "@/lib/api-tokens/schemas";
import { applyActionErrors } from "@/components/forms/action-result";
import { CopyButton } from "@/components/forms/copy-button";
import { Field } from "@/components/forms/field";
import { FormError, StatusRegion } from "@/components/forms/form-message";
import { createTokenAction } from "@/app/(app)/tokens/actions";
import styles from "./tokens.module.css";

// An empty number field means "never expires"; coercing "" would give 0, which the schema refuses.
const emptyAsUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

/** `projects` is given to admins only: they may limit a token to exporting one project. */
export function CreateTokenForm({ projects }: { projects?: Array<{ slug: string; name: string }> }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{
    name: string;
    secret: string;
    scope: string | null;
    projectName: string | null;
  } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(CreateTokenInput), defaultValues: { name: "" } });

  const onSubmit = handleSubmit(async (data) => {
    setFormError(null);
    setCreated(null);
    const result = await createTokenAction(data);
    if (!result.ok) {
      setFormError(applyActionErrors(result, setError, ["name", "expiresInDays"]));
      return;
    }
    setCreated(result.data);
    reset();
  });

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Create token">
      <div className={styles.grid}>
        <Field
          id="token-name"
          label="Token name"
          hint="What uses it, e.g. “nightly export”."
          error={errors.name?.message}
        >
          {(control) => <input type="text" autoComplete="off" {...control} {...register("name")} />}
        </Field>
        <Field
          id="token-expiry"
          label="Expires in (days)"
          hint="Optional; empty means it never expires."
          error={errors.expiresInDays?.message}
        >
          {(control) => (
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              step={1}
              {...control}
              {...register("expiresInDays", { setValueAs: emptyAsUndefined })}
            />
          )}
        </Field>
        {projects && (
          <Field
            id="token-project"
            label="Limit to project"
            hint="A limited token can only export that project (read-only): the safe choice for a training pipeline."
            error={errors.project?.message}
          >
            {(control) => (
              <select {...control} {...register("project", { setValueAs: emptyAsUndefined })}>
                <option value="">No limit: acts with your role</option>
                {projects.map((p) => (
                  <option key={p.slug} value={p.slug}>
                    Export of {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <FormError message={formError} />
      <StatusRegion>
        {created && (
          <div className="alert alert-warn stack">
            <span>
              <strong>Copy the token “{created.name}” now.</strong> It is shown only this once; we keep only a hash of
              it.
              {created.scope
                ? `It can only export ${created.projectName}.`
                : "It acts with your role, so keep it secret."}
            </span>
            <div className="row">
              {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the label names the secret for the copy button and tests */}
              <code id="new-token-secret" className={styles.secret} aria-label="New token secret">
                {created.secret}
              </code>
              <CopyButton text={created.secret} targetId="new-token-secret" />
            </div>
          </div>
        )}
      </StatusRegion>
      <div>
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          Create token
        </button>
      </div>
    </form>
  );
}
