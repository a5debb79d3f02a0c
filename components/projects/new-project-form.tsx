"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { CreateProjectInput, slugify } from "@/lib/projects/schemas";
import { applyActionErrors } from "@/components/forms/action-result";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-message";
import { SettingsFields } from "@/components/projects/settings-fields";
import { createProjectAction } from "@/app/(app)/admin/projects/actions";
import styles from "./projects.module.css";

const FIELDS = [
  "name",
  "slug",
  "description",
  "guidelines",
  "responsesPerPrompt",
  "maxResponseTokens",
  "leaseMinutes",
] as const;

export function NewProjectForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm({
    resolver: zodResolver(CreateProjectInput),
    defaultValues: {
      name: "",
      slug: "",
      description: "",
      guidelines: "",
      responsesPerPrompt: 1,
      maxResponseTokens: 4096,
      leaseMinutes: 120,
      access: "members" as const,
    },
  });
  const name = watch("name");

  const onSubmit = handleSubmit(async (data) => {
    setFormError(null);
    const result = await createProjectAction(data);
    // On success the action redirects to the new project.
    if (result && !result.ok) setFormError(applyActionErrors(result, setError, FIELDS));
  });

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="New project">
      <Field id="project-name" label="Name" error={errors.name?.message}>
        {(control) => <input type="text" autoComplete="off" {...control} {...register("name")} />}
      </Field>
      <Field
        id="project-slug"
        label="Slug"
        hint={
          <>
            Optional: the project&apos;s name in URLs. Leave empty to{" "}
            {name.trim() ? (
              <>
                use <code>{slugify(name)}</code>
              </>
            ) : (
              "derive it from the name"
            )}
            .
          </>
        }
        error={errors.slug?.message}
      >
        {(control) => <input type="text" autoComplete="off" spellCheck={false} {...control} {...register("slug")} />}
      </Field>
      <Field
        id="project-description"
        label="Description"
        hint="Optional; one or two sentences for the project list."
        error={errors.description?.message}
      >
        {(control) => <textarea rows={2} {...control} {...register("description")} />}
      </Field>
      <Field
        id="project-guidelines"
        label="Guidelines"
        hint="Markdown. Labelers read this before they write; later edits publish new versions."
        error={errors.guidelines?.message}
      >
        {(control) => <textarea rows={12} className={styles.guidelinesText} {...control} {...register("guidelines")} />}
      </Field>
      <SettingsFields idPrefix="project" register={register} errors={errors} />
      <Field
        id="project-access"
        label="Who may work on it"
        hint="Members only: add people on the project's page. Everyone: every user, by their role."
        error={errors.access?.message}
      >
        {(control) => (
          <select {...control} {...register("access")}>
            <option value="members">Members only</option>
            <option value="everyone">Everyone</option>
          </select>
        )}
      </Field>
      <FormError message={formError} />
      <div className="row">
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          Create project
        </button>
        {isSubmitting && (
          <span className="muted small" role="status">
            Creating…
          </span>
        )}
      </div>
    </form>
  );
}
