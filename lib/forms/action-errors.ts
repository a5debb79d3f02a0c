import "server-only";
import { ZodError } from "zod";
import { AppError } from "@/lib/errors";
import type { ActionErrors } from "@/lib/forms/action-result";

type IssueLike = { path: PropertyKey[]; message: string };

const isIssueList = (details: unknown): details is IssueLike[] =>
  Array.isArray(details) && details.every((d) => d && typeof d === "object" && "path" in d && "message" in d);

/** First message per top-level field; issues about the whole input go to the form. */
export function fromIssues(issues: readonly IssueLike[], fallback = "Check the form and try again"): ActionErrors {
  const fieldErrors: Record<string, string> = {};
  let formError: string | null = null;
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === "string") fieldErrors[field] ??= issue.message;
    else formError ??= issue.message;
  }
  if (!formError && Object.keys(fieldErrors).length === 0) formError = fallback;
  return { fieldErrors, formError };
}

/** Turns what lib/ throws into the `{ fieldErrors, formError }` a form shows in place. */
export function toActionErrors(error: unknown): ActionErrors {
  if (error instanceof ZodError) return fromIssues(error.issues);
  if (error instanceof AppError) {
    if (error.code === "validation_error" && isIssueList(error.details))
      return fromIssues(error.details, error.message);
    const field = (error.details as { field?: unknown } | undefined)?.field;
    if (typeof field === "string") return { fieldErrors: { [field]: error.message }, formError: null };
    return { fieldErrors: {}, formError: error.message };
  }
  // Never show internals (no stack trace or SQL: docs/api.md "Errors"); the server log keeps them.
  console.error(error);
  return { fieldErrors: {}, formError: "Something went wrong on our side; try again" };
}

export function failed(error: unknown): { ok: false } & ActionErrors {
  return { ok: false, ...toActionErrors(error) };
}
