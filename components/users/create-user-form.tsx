"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { CreateUserInput, ROLE_VALUES } from "@/lib/users/schemas";
import { applyActionErrors } from "@/components/forms/action-result";
import { CopyButton } from "@/components/forms/copy-button";
import { Field } from "@/components/forms/field";
import { FormError, StatusRegion } from "@/components/forms/form-message";
import { createUserAction } from "@/app/(app)/admin/users/actions";
import styles from "./users.module.css";

const FIELDS = ["email", "name", "role", "password"] as const;

type Created = { email: string; generatedPassword: string | null };

export function CreateUserForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm({
    resolver: zodResolver(CreateUserInput),
    defaultValues: { email: "", name: "", role: "labeler" as const, password: "" },
  });

  const onSubmit = handleSubmit(async (data) => {
    setFormError(null);
    setCreated(null);
    const result = await createUserAction(data);
    if (!result.ok) {
      setFormError(applyActionErrors(result, setError, FIELDS));
      return;
    }
    setCreated(result.data);
    reset();
  });

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Create user">
      <div className={styles.grid}>
        <Field id="user-email" label="Email" error={errors.email?.message}>
          {(control) => <input type="email" autoComplete="off" {...control} {...register("email")} />}
        </Field>
        <Field id="user-name" label="Name" error={errors.name?.message}>
          {(control) => <input type="text" autoComplete="off" {...control} {...register("name")} />}
        </Field>
        <Field id="user-role" label="Role" error={errors.role?.message}>
          {(control) => (
            <select {...control} {...register("role")}>
              {ROLE_VALUES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="user-password"
          label="Password"
          hint="Optional. Leave empty to generate one."
          error={errors.password?.message}
        >
          {(control) => <input type="password" autoComplete="new-password" {...control} {...register("password")} />}
        </Field>
      </div>
      <FormError message={formError} />
      <StatusRegion>
        {created && (
          <div className="alert alert-ok stack">
            <span>Created the account for {created.email}.</span>
            {created.generatedPassword && (
              <>
                <span>
                  Their password is shown <strong>only this once</strong>; give it to them over a safe channel:
                </span>
                <div className="row">
                  <code id="generated-password" className={styles.secret}>
                    {created.generatedPassword}
                  </code>
                  <CopyButton text={created.generatedPassword} targetId="generated-password" />
                </div>
              </>
            )}
          </div>
        )}
      </StatusRegion>
      <div>
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          Create user
        </button>
      </div>
    </form>
  );
}
