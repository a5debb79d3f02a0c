"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { UpdateGuidelinesInput } from "@/lib/projects/schemas";
import { applyActionErrors } from "@/components/forms/action-result";
import { FieldError, controlProps } from "@/components/forms/field";
import { FormError, FormSuccess } from "@/components/forms/form-message";
import { Markdown } from "@/components/markdown";
import { publishGuidelinesAction } from "@/app/(app)/admin/projects/actions";
import styles from "./projects.module.css";

/** Edits the guidelines; publishing makes a new version and leaves the earlier ones as they were. */
export function GuidelinesEditor({
  projectId,
  markdown,
  version,
}: {
  projectId: string;
  markdown: string;
  version: number;
}) {
  const [mode, setMode] = useState<"write" | "preview">("write");
  const [formError, setFormError] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(UpdateGuidelinesInput), defaultValues: { markdown } });

  const onSubmit = handleSubmit(
    async (data) => {
      setFormError(null);
      setPublished(null);
      const result = await publishGuidelinesAction(projectId, data);
      if (!result.ok) {
        setMode("write");
        setFormError(applyActionErrors(result, setError, ["markdown"]));
      } else {
        setPublished(
          result.data.created
            ? `Published version ${result.data.version}.`
            : `Nothing changed; version ${result.data.version} stays current.`,
        );
      }
    },
    () => setMode("write"),
  );

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <div className={styles.sectionHeader}>
        <label htmlFor="guidelines-markdown">Guidelines</label>
        <span className="muted small">Markdown · version {version} is current</span>
        <span className="spacer" />
        <div className={styles.toggle} role="group" aria-label="Editor view">
          <button
            type="button"
            className="button button-small"
            aria-pressed={mode === "write"}
            onClick={() => setMode("write")}
          >
            Write
          </button>
          <button
            type="button"
            className="button button-small"
            aria-pressed={mode === "preview"}
            onClick={() => setMode("preview")}
          >
            Preview
          </button>
        </div>
      </div>
      {/* Hidden, not unmounted, in Preview: the text stays registered and the label keeps its control. */}
      <textarea
        rows={14}
        className={styles.guidelinesText}
        hidden={mode !== "write"}
        {...controlProps("guidelines-markdown", errors.markdown?.message)}
        {...register("markdown")}
      />
      {mode === "preview" && (
        <div className={styles.preview} role="region" aria-label="Preview">
          <Markdown>{watch("markdown") || "*Nothing to preview.*"}</Markdown>
        </div>
      )}
      <FieldError id="guidelines-markdown" error={errors.markdown?.message} />
      <FormError message={formError} />
      <FormSuccess message={published} />
      <div>
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          Publish new version
        </button>
      </div>
    </form>
  );
}
