"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { ReviewInput } from "@/lib/review/schemas";
import { applyActionErrors } from "@/components/forms/action-result";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-message";
import { reviewResponseAction } from "@/app/(app)/review/actions";

/** Accept or Reject with an optional comment; on success the action moves on to the next response. */
export function ReviewForm({ responseId }: { responseId: string }) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setValue,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(ReviewInput), defaultValues: { comment: "" } });

  const onSubmit = handleSubmit(async (data) => {
    setFormError(null);
    const result = await reviewResponseAction(responseId, data);
    if (result && !result.ok) setFormError(applyActionErrors(result, setError, ["comment"]));
  });

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Review">
      <Field id="review-comment" label="Comment" hint="Optional. Say what is wrong when you reject." error={errors.comment?.message}>
        {(control) => <textarea rows={4} {...control} {...register("comment")} />}
      </Field>
      <FormError message={formError ?? errors.decision?.message} />
      <div className="row">
        <button
          type="submit"
          className="button button-ok"
          disabled={isSubmitting}
          onClick={() => setValue("decision", "accept")}
        >
          Accept
        </button>
        <button
          type="submit"
          className="button button-danger"
          disabled={isSubmitting}
          onClick={() => setValue("decision", "reject")}
        >
          Reject
        </button>
        {isSubmitting && <span className="muted small" role="status">Saving your decision…</span>}
      </div>
    </form>
  );
}
