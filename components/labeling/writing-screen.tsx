"use client";

import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, useTransition } from "react";
import { useRouter } from "next/navigation";
import { FormProvider, useForm, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { SubmitResponseInput } from "@/lib/tasks/schemas";
import type { TaskView } from "@/lib/tasks/task-view";
import { callApi, type ApiError } from "./api";
import { Conversation } from "./conversation";
import { GuidelinesPanel } from "./guidelines-panel";
import { LeaseInfo } from "./lease-info";
import { RevisionNotice } from "./revision-notice";
import { SaveStatusLine } from "./save-status";
import { SkipDialog } from "./skip-dialog";
import { SlotEditor, slotEditorId } from "./slot-editor";
import { useAutosave } from "./use-autosave";
import { useTokenCounter } from "./use-token-counter";
import styles from "./writing-screen.module.css";

type Limits = { slotCount: number; maxResponseTokens: number };
type Notice = { tone: "error" | "warn"; message: string; offerNext?: boolean };

/** The shared schema imports the tokenizer (megabytes); fetching it at first validation keeps it out of first paint. */
function lazySubmitResolver(limits: Limits): Resolver<SubmitResponseInput> {
  let resolve: Resolver<SubmitResponseInput> | undefined;
  return async (values, context, options) => {
    if (!resolve) {
      const { submitResponseSchema } = await import("@/lib/tasks/schemas");
      resolve = zodResolver(submitResponseSchema(limits));
    }
    return resolve(values, context, options);
  };
}

/** Server validation issues that point at one turn (`["turns", 1]`), to show under that editor. */
function turnIssues(details: unknown): Array<{ index: number; message: string }> {
  if (!Array.isArray(details)) return [];
  return details.flatMap((issue: { path?: unknown[]; message?: string }) =>
    issue?.path?.[0] === "turns" && typeof issue.path[1] === "number"
      ? [{ index: issue.path[1], message: issue.message ?? "Not valid" }]
      : [],
  );
}

function describe(error: ApiError): string {
  if (error.status === 0) return "Could not reach the server. Your text is kept here; try again.";
  if (error.status === 401) return "You were signed out. Sign in again in another tab, then retry; your text is kept here.";
  return error.message;
}

const onMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

export function WritingScreen({ task, projectName, onFinished }: { task: TaskView; projectName: string; onFinished: (message: string) => void }) {
  const router = useRouter();
  const [, startRefresh] = useTransition();
  // Fixed at mount: a refresh that re-sends the same task must not reset the editors or focus.
  const [initialTurns] = useState(() => Array.from({ length: task.slotCount }, (_, i) => task.draft?.turns[i] ?? ""));
  const resolver = useMemo(
    () => lazySubmitResolver({ slotCount: task.slotCount, maxResponseTokens: task.maxResponseTokens }),
    [task.slotCount, task.maxResponseTokens],
  );
  const form = useForm<SubmitResponseInput>({ resolver, defaultValues: { turns: initialTurns }, reValidateMode: "onChange" });
  const countTokens = useTokenCounter();
  const getTurns = useCallback(() => form.getValues("turns"), [form]);
  const autosave = useAutosave({ taskId: task.id, getTurns, initialTurns, initialSavedAt: task.draft?.updatedAt ?? null });
  const { schedule, flush } = autosave;
  const [busy, setBusy] = useState<"submit" | "skip" | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [skipOpen, setSkipOpen] = useState(false);
  const [skipError, setSkipError] = useState<string | null>(null);
  const mac = useSyncExternalStore(() => () => {}, onMac, () => false);

  useEffect(() => {
    const subscription = form.watch((_values, { type }) => type === "change" && schedule());
    return () => subscription.unsubscribe();
  }, [form, schedule]);

  useEffect(() => {
    // Ready to type, without scrolling the prompt out of view.
    const first = Math.max(0, initialTurns.findIndex((t) => !t.trim()));
    document.getElementById(slotEditorId(first))?.focus({ preventScroll: true });
  }, [initialTurns]);

  const goNext = (message?: string) => {
    if (message) onFinished(message);
    startRefresh(() => router.refresh()); // the page claims the next task; a new key remounts this screen
  };

  const submit = form.handleSubmit(async ({ turns }) => {
    setBusy("submit");
    setNotice(null);
    await autosave.pause();
    // 201 for a first submit and for a resubmit after a revise, 200 for a repeat: all done.
    const result = await callApi("POST", `/api/v1/tasks/${task.id}/submit`, { turns });
    if (result.ok) return goNext(task.revision ? "Resubmitted." : "Submitted.");
    setBusy(null);
    autosave.resume();
    const issues = result.error.code === "validation_error" ? turnIssues(result.error.details) : [];
    issues.forEach(({ index, message }) => form.setError(`turns.${index}`, { type: "server", message }));
    if (issues.length) return;
    // 409: lease_expired (the text stays as the draft) or a task skipped elsewhere; either way, move on.
    setNotice({ tone: result.error.status === 409 ? "warn" : "error", message: describe(result.error), offerNext: result.error.status === 409 || result.error.status === 404 });
  });

  const skip = async (reason: string, fromDialog: boolean) => {
    setBusy("skip");
    setNotice(null);
    setSkipError(null);
    const fail = (message: string) => {
      setBusy(null);
      autosave.resume();
      if (fromDialog) setSkipError(message);
      else setNotice({ tone: "error", message });
    };
    // The dialog promises the text is kept as a draft: make that true before the task ends.
    if (autosave.isDirty() && !(await flush())) return fail("Your text could not be saved, so the prompt was not skipped. Try again.");
    await autosave.pause();
    const result = await callApi("POST", `/api/v1/tasks/${task.id}/skip`, reason ? { reason } : {});
    if (!result.ok) return fail(describe(result.error));
    setSkipOpen(false);
    goNext("Skipped.");
  };

  const requestSkip = () => {
    if (form.getValues("turns").some((t) => t.trim())) {
      setSkipError(null);
      setSkipOpen(true);
    } else {
      void skip("", false);
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.nativeEvent.isComposing) return;
    if (skipOpen || busy) return;
    event.preventDefault();
    void submit();
  };

  const arrayError = form.formState.errors.turns?.root?.message ?? form.formState.errors.turns?.message;

  return (
    <main className={styles.screen} onKeyDown={onKeyDown}>
      <FormProvider {...form}>
        <form className={styles.work} onSubmit={submit} noValidate aria-labelledby="task-title">
          <header className={styles.header}>
            <h1 id="task-title" className={styles.title}>{projectName}</h1>
            <div className={styles.meta}>
              {task.externalId && <span>Prompt <code>{task.externalId}</code></span>}
              {task.slotCount > 1 && <span>{task.slotCount} turns to write</span>}
              {/* A revision is the labeler's own response, not a claim on a prompt: no lease runs out. */}
              {!task.revision && <LeaseInfo expiresAt={task.expiresAt} />}
            </div>
          </header>
          {task.revision && <RevisionNotice revision={task.revision} />}
          <div className={styles.scroller} role="region" aria-label="Conversation" tabIndex={0}>
            <Conversation
              messages={task.conversation.messages}
              renderSlot={(index) => (
                <SlotEditor index={index} slotCount={task.slotCount} maxTokens={task.maxResponseTokens} countTokens={countTokens} onBlur={() => void flush()} />
              )}
            />
          </div>
          <footer className={styles.footer}>
            <div aria-live="polite">
              {(notice || arrayError) && (
                <div className={`alert ${notice?.tone === "warn" ? "alert-warn" : "alert-error"} ${styles.notice}`}>
                  <span>{notice?.message ?? arrayError}</span>
                  {notice?.offerNext && (
                    <button type="button" className="button button-small" onClick={() => goNext()}>
                      Next prompt
                    </button>
                  )}
                </div>
              )}
            </div>
            <div className={styles.actions}>
              <SaveStatusLine status={autosave.status} />
              <span className="spacer" />
              <span className={styles.shortcut} aria-hidden="true">
                <kbd>{mac ? "⌘" : "Ctrl"}</kbd> + <kbd>Enter</kbd>
              </span>
              {/* A submitted response cannot be skipped (409); its revision is resubmitted. */}
              {!task.revision && (
                <button type="button" className="button" onClick={requestSkip} disabled={busy !== null}>
                  {busy === "skip" && !skipOpen ? "Skipping…" : "Skip"}
                </button>
              )}
              <button type="submit" className="button button-primary" disabled={busy !== null} aria-keyshortcuts="Control+Enter Meta+Enter">
                {busy === "submit" ? "Submitting…" : task.revision ? "Resubmit" : "Submit"}
              </button>
            </div>
          </footer>
        </form>
      </FormProvider>
      <GuidelinesPanel guidelines={task.guidelines} />
      <SkipDialog
        open={skipOpen}
        busy={busy === "skip"}
        error={skipError}
        onCancel={() => setSkipOpen(false)}
        onConfirm={(reason) => void skip(reason, true)}
      />
    </main>
  );
}
