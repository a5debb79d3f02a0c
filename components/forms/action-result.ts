import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionErrors } from "@/lib/forms/action-result";

/**
 * Puts a failed action's messages where the user is looking: next to the field they are about,
 * and the rest in the form's error region. Returns the message for that region, if any.
 */
export function applyActionErrors<T extends FieldValues>(
  errors: ActionErrors,
  setError: UseFormSetError<T>,
  fields: ReadonlyArray<Path<T>>,
): string | null {
  const stray: string[] = [];
  for (const [field, message] of Object.entries(errors.fieldErrors)) {
    const known = fields.find((f) => f === field);
    if (known) setError(known, { type: "server", message }, { shouldFocus: true });
    else stray.push(message);
  }
  if (errors.formError) stray.unshift(errors.formError);
  return stray.length > 0 ? stray.join(" ") : null;
}
