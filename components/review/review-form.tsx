"use client";

import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { RubricCriterion } from "@/lib/review/rubric";
import { reviewDecisionSchema, type ReviewDecision, type ReviewInput } from "@/lib/review/schemas";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-message";
import { reviewResponseAction } from "@/app/(app)/review/actions";
import { focusCriterion, RubricFields, type ScoreValues } from "./rubric-fields";
import { EditTurns } from "./edit-turns";
import { ShortcutsDialog, Kbd, type Shortcut } from "@/components/shortcuts-dialog";
import { useShortcuts } from "@/components/use-shortcuts";
import styles from "./review-form.module.css";

type Values = { comment: string; reason: string; scores: ScoreValues; editedTurns: string[] };
type Issue = { path: PropertyKey[]; message: string };

type Props = {
  /** `revision`: the one this screen shows, sent with the decision (409 if the author changed it since). */
  response: { id: string; turns: string[]; revision: number };
  canReview: "decision" | "second_opinion" | null;
  rubric: RubricCriterion[];
  rejectReasons: string[];
  nextHref: string | null;
  /** What the page shows in the main column (the conversation, the revisions), server-rendered. */
  main: ReactNode;
  /** Shown instead of the form when the caller cannot decide. */
  unavailable: ReactNode;
  /** The guidelines the response was written under, beside the decision. */
  guidelines: ReactNode;
  asideTop: ReactNode;
  asideBottom: ReactNode;
};

const MAX_DURATION_MS = 86_400_000;

/** A button's key, shown; screen readers get it from the button's aria-keyshortcuts instead. */
function KeyHint({ children }: { children: string }) {
  return (
    <span aria-hidden="true" className={styles.keyHint}>
      <Kbd>{children}</Kbd>
    </span>
  );
}

/**
 * The review screen's working part: the four decisions (two for a second opinion) with the
 * comment, reject reason and rubric scores, the editors of "edit and accept", and the keyboard
 * shortcuts. Checked with the project's `reviewDecisionSchema` before the server checks it again.
 */
export function ReviewWorkspace({
  response,
  canReview,
  rubric,
  rejectReasons,
  nextHref,
  main,
  unavailable,
  guidelines,
  asideTop,
  asideBottom,
}: Props) {
  const router = useRouter();
  const [openedAt] = useState(() => Date.now());
  const [editing, setEditing] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const schema = useMemo(() => reviewDecisionSchema({ rubric, rejectReasons }), [rubric, rejectReasons]);
  const {
    register,
    handleSubmit,
    setError,
    clearErrors,
    setFocus,
    setValue,
    watch,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ defaultValues: { comment: "", reason: "", scores: {}, editedTurns: response.turns } });
  const secondOpinion = canReview === "second_opinion";
  const single = response.turns.length === 1;
  const scores = watch("scores") ?? {};
  const score = (key: string, value: string) => setValue(`scores.${key}`, value, { shouldDirty: true });
  const focusAccept = () => document.getElementById("decide-accept")?.focus();

  const showErrors = (issues: Issue[]) => {
    const stray: string[] = [];
    let focused = false;
    const place = (name: "comment" | "reason" | `editedTurns.${number}`, message: string) => {
      setError(name, { type: "validate", message }, { shouldFocus: !focused });
      focused = true;
    };
    for (const { path, message } of issues) {
      const [field, index] = path;
      if (field === "comment" || field === "reason") place(field, message);
      else if (field === "editedTurns" || field === "editedContent")
        place(`editedTurns.${typeof index === "number" ? index : 0}`, message);
      else stray.push(message);
    }
    setFormError(stray.length > 0 ? [...new Set(stray)].join(" ") : null);
  };

  const decide = (decision: ReviewDecision) =>
    handleSubmit(async (values) => {
      clearErrors();
      setFormError(null);
      const scores = Object.fromEntries(
        Object.entries(values.scores ?? {}).flatMap(([key, value]) => (value ? [[key, Number(value)]] : [])),
      );
      const input: ReviewInput = {
        decision,
        ...(values.comment.trim() ? { comment: values.comment } : {}),
        ...(decision === "reject" && values.reason ? { reason: values.reason } : {}),
        ...(Object.keys(scores).length > 0 ? { scores } : {}),
        ...(decision === "edit" ? { editedTurns: values.editedTurns } : {}),
        durationMs: Math.min(Math.max(0, Date.now() - openedAt), MAX_DURATION_MS),
        revision: response.revision,
      };
      const parsed = schema.safeParse(input);
      if (!parsed.success) return showErrors(parsed.error.issues);
      const result = await reviewResponseAction(response.id, input);
      // Success redirects to the next response; only a failure comes back.
      if (result && !result.ok) {
        showErrors([
          ...Object.entries(result.fieldErrors).map(([field, message]) => ({ path: [field], message })),
          ...(result.formError ? [{ path: [], message: result.formError }] : []),
        ]);
      }
    })();

  const startEdit = () => {
    if (editing) return setFocus("editedTurns.0");
    response.turns.forEach((_, i) => resetField(`editedTurns.${i}`));
    setEditing(true);
  };
  useEffect(() => {
    if (editing) setFocus("editedTurns.0");
  }, [editing, setFocus]);

  const can = canReview !== null && !isSubmitting;
  const decides = canReview === "decision" && !isSubmitting;
  // A number focuses its criterion; on a criterion, RubricFields takes 1–5 as its score first.
  const criterionKeys = Object.fromEntries(
    (can ? rubric.slice(0, 9) : []).map((c, i) => [String(i + 1), () => focusCriterion(c.key, scores[c.key])]),
  );
  useShortcuts({
    ...criterionKeys,
    a: can && !editing ? () => void decide("accept") : undefined,
    r: can && !editing ? () => void decide("reject") : undefined,
    v: decides && !editing ? () => void decide("revise") : undefined,
    e: decides ? startEdit : undefined,
    n: nextHref ? () => router.push(nextHref) : undefined,
    "?": () => setShortcutsOpen(true),
  });

  const lastKey = String(Math.min(rubric.length, 9));
  const shortcuts: Shortcut[] = [
    ...(canReview && rubric.length > 0
      ? [
          {
            keys: [rubric.length > 1 ? `1–${lastKey}` : "1"],
            does: `Go to a criterion: ${rubric
              .slice(0, 9)
              .map((c, i) => `${i + 1} ${c.label}`)
              .join(", ")}`,
          },
          { keys: ["1–5"], does: "On a criterion: score it, then go to the next one (after the last, to Accept)" },
          { keys: ["Tab"], does: "Next criterion or field; arrow keys change a criterion's score" },
        ]
      : []),
    ...(canReview
      ? [
          { keys: ["a"], does: "Accept" },
          { keys: ["r"], does: "Reject (choose a reason and comment first)" },
        ]
      : []),
    ...(canReview === "decision"
      ? [
          { keys: ["v"], does: "Send back for revision (comment first)" },
          { keys: ["e"], does: "Edit the text, then save to accept it" },
        ]
      : []),
    ...(nextHref ? [{ keys: ["n"], does: "Next response in the queue, without deciding" }] : []),
    { keys: ["u"], does: "Undo your last decision, while its notice offers Undo" },
    { keys: ["?"], does: "This list" },
  ];

  const shortcutsLink = (
    <span className="small muted">
      <button type="button" className={styles.linkButton} onClick={() => setShortcutsOpen(true)} aria-keyshortcuts="?">
        Keyboard shortcuts
      </button>{" "}
      <Kbd>?</Kbd>
    </span>
  );

  return (
    <div className={styles.workspace}>
      <div className={styles.layout}>
        <div className="stack">
          {editing && (
            <section className="card stack" aria-labelledby="edit-heading">
              <h2 id="edit-heading">Edit the response</h2>
              <p className="small muted">
                Saving accepts the response with your text. The author&apos;s text stays as a revision, and the
                difference is shown to both of you.
              </p>
              <EditTurns
                turns={response.turns}
                register={register}
                errors={response.turns.map((_, i) => errors.editedTurns?.[i]?.message)}
              />
              <div className="row">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={isSubmitting}
                  onClick={() => void decide("edit")}
                >
                  Save edit
                </button>
                <button type="button" className="button" disabled={isSubmitting} onClick={() => setEditing(false)}>
                  Cancel edit
                </button>
              </div>
            </section>
          )}
          {main}
        </div>
        <aside className={styles.aside} aria-label="Guidelines and decision">
          {guidelines}
          <section className="card stack" aria-labelledby="decision-heading">
            <div className="row">
              <h2 id="decision-heading" className={styles.flushHeading}>
                {secondOpinion ? "Second opinion" : "Decision"}
              </h2>
              <span className="spacer" />
              {canReview === null && nextHref && (
                <a
                  href={nextHref}
                  className="button button-small"
                  aria-keyshortcuts="n"
                  onClick={(event) => {
                    event.preventDefault();
                    router.push(nextHref);
                  }}
                >
                  Next response
                </a>
              )}
            </div>
            {canReview === null ? (
              <>
                {unavailable}
                {shortcutsLink}
              </>
            ) : (
              <form className="stack" onSubmit={(event) => event.preventDefault()} noValidate aria-label="Review">
                {secondOpinion && (
                  <p className="alert alert-info small">
                    You are asked for an independent second opinion: accept or reject. It is compared with the first
                    decision, which you see afterwards; it does not change the response.
                  </p>
                )}
                <RubricFields
                  rubric={rubric}
                  register={register}
                  values={scores}
                  onScore={score}
                  afterLast={focusAccept}
                />
                <Field id="review-reason" label="Reject reason" hint="Needed to reject." error={errors.reason?.message}>
                  {(control) => (
                    <select {...control} {...register("reason")}>
                      <option value="">Choose a reason…</option>
                      {rejectReasons.map((reason) => (
                        <option key={reason} value={reason}>
                          {reason}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  id="review-comment"
                  label="Comment"
                  hint={
                    secondOpinion
                      ? "Optional to accept; say what is wrong when you reject."
                      : "Optional to accept; say what is wrong or what to change when you reject or send back. Markdown."
                  }
                  error={errors.comment?.message}
                >
                  {(control) => <textarea rows={3} {...control} {...register("comment")} />}
                </Field>
                <FormError message={formError} />
              </form>
            )}
          </section>
          {asideTop}
          {asideBottom}
        </aside>
      </div>
      {canReview !== null && (
        // Always in view at the bottom of the window, however long the conversation or the rubric.
        <div className={styles.bar} role="group" aria-labelledby="decision-heading">
          {editing ? (
            <p className="small muted">Editing the text{single ? "" : "s"}: save or cancel the edit above.</p>
          ) : (
            <div className={styles.buttons}>
              <button
                type="button"
                id="decide-accept"
                className="button button-ok"
                disabled={isSubmitting}
                aria-keyshortcuts="a"
                onClick={() => void decide("accept")}
              >
                Accept <KeyHint>a</KeyHint>
              </button>
              <button
                type="button"
                className="button button-danger"
                disabled={isSubmitting}
                aria-keyshortcuts="r"
                onClick={() => void decide("reject")}
              >
                Reject <KeyHint>r</KeyHint>
              </button>
              {!secondOpinion && (
                <>
                  <button
                    type="button"
                    className="button"
                    disabled={isSubmitting}
                    aria-keyshortcuts="v"
                    onClick={() => void decide("revise")}
                  >
                    Send back <KeyHint>v</KeyHint>
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={isSubmitting}
                    aria-keyshortcuts="e"
                    onClick={startEdit}
                  >
                    Edit text <KeyHint>e</KeyHint>
                  </button>
                </>
              )}
            </div>
          )}
          <span className="spacer" />
          {isSubmitting && (
            <span className="muted small" role="status">
              Saving your decision…
            </span>
          )}
          {nextHref && (
            <a
              href={nextHref}
              className="button button-small"
              aria-keyshortcuts="n"
              onClick={(event) => {
                event.preventDefault();
                router.push(nextHref);
              }}
            >
              Skip <KeyHint>n</KeyHint>
            </a>
          )}
          {shortcutsLink}
        </div>
      )}
      <ShortcutsDialog
        open={shortcutsOpen}
        onClose={() => setShortcutsOpen(false)}
        shortcuts={shortcuts}
        note="They do nothing while you type in a field."
      />
    </div>
  );
}
