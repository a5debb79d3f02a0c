"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { ProjectSettingsForm as Schema, type ProjectSettingsFormValues } from "@/lib/projects/schemas";
import { applyActionErrors } from "@/components/forms/action-result";
import { Field } from "@/components/forms/field";
import { FormError, FormSuccess } from "@/components/forms/form-message";
import { SettingsFields, TokenizerField } from "@/components/projects/settings-fields";
import type { Tokenizer } from "@/lib/tokenizer/encodings";
import { updateProjectAction } from "@/app/(app)/admin/projects/actions";

const FIELDS = [
  "name",
  "description",
  "responsesPerPrompt",
  "maxResponseTokens",
  "leaseMinutes",
  "tokenizer",
  "labelerMetadataKeys",
] as const;

type Settings = {
  name: string;
  description: string;
  responsesPerPrompt: number;
  maxResponseTokens: number;
  leaseMinutes: number;
  tokenizer?: Tokenizer;
  labelerMetadataKeys: string[];
};

export function ProjectSettingsForm({ projectId, settings }: { projectId: string; settings: Settings }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ProjectSettingsFormValues, unknown, ReturnType<typeof Schema.parse>>({
    resolver: zodResolver(Schema),
    defaultValues: { ...settings, labelerMetadataKeys: settings.labelerMetadataKeys.join("\n") },
  });

  const onSubmit = handleSubmit(async (data) => {
    setFormError(null);
    setSaved(null);
    const result = await updateProjectAction(projectId, data);
    if (result.ok) setSaved("Settings saved.");
    else setFormError(applyActionErrors(result, setError, FIELDS));
  });

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Settings">
      <Field id="settings-name" label="Name" error={errors.name?.message}>
        {(control) => <input type="text" autoComplete="off" {...control} {...register("name")} />}
      </Field>
      <Field id="settings-description" label="Description" error={errors.description?.message}>
        {(control) => <textarea rows={2} {...control} {...register("description")} />}
      </Field>
      <SettingsFields idPrefix="settings" register={register} errors={errors} />
      <TokenizerField idPrefix="settings" register={register("tokenizer")} error={errors.tokenizer?.message} />
      <Field
        id="settings-labeler-metadata-keys"
        label="Metadata labelers see"
        hint="Prompt metadata keys shown to labelers with each task, one a line. Leave empty to show them none; reviewers and admins see all of it."
        error={errors.labelerMetadataKeys?.message}
      >
        {(control) => (
          <textarea rows={3} autoComplete="off" spellCheck={false} {...control} {...register("labelerMetadataKeys")} />
        )}
      </Field>
      <FormError message={formError} />
      <FormSuccess message={saved} />
      <div>
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          Save settings
        </button>
      </div>
    </form>
  );
}
