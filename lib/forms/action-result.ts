// In lib, not components: the server side builds these (lib/forms/action-errors.ts), and lib does not depend on components.

/** What a form's server action answers when it fails: per-field messages, and one for the whole form. */
export type ActionErrors = {
  fieldErrors: Record<string, string>;
  formError: string | null;
};

export type ActionResult<T = null> = { ok: true; data: T } | ({ ok: false } & ActionErrors);
