"use client";

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { FormProvider, useForm } from "react-hook-form";
import type { SubmitResponseInput } from "@/lib/tasks/schemas";
import type { TaskView } from "@/lib/tasks/task-view";
import { formatDuration } from "@/lib/format/duration";
import { fetchApi, type ApiError, type FetchResult } from "./api";
import { ConfirmSubmitDialog } from "./confirm-submit-dialog";
import { Conversation } from "./conversation";
import { GuidelinesChangeBanner } from "./guidelines-change-banner";
import { GuidelinesDrawer, GuidelinesPanel, toggleGuidelines, writeCollapsed } from "./guidelines-panel";
import { LeaseInfo } from "./lease-info";
import { localDraftKey, pruneLocalDrafts, readLocalDraft, reconcileDraft, type Reconciled } from "./local-draft";
import { AssistantDraftFor } from "./assistant-draft";
import { RevisionNotice } from "./revision-notice";
import { SaveStatusLine } from "./save-status";
import { SkipDialog } from "./skip-dialog";
import { SlotEditor, slotEditorId } from "./slot-editor";
import { useActiveTime } from "./use-active-time";
import { useAutosave } from "./use-autosave";
import { useTabLock, type Acquired } from "./use-tab-lock";
import { useTokenCounter } from "./use-token-counter";
import { useTurnInView } from "./use-turn-in-view";
import { type TakenDraft, turnsWithSuggestions, useModelDraft } from "./use-model-draft";
import { CompareCandidates } from "./compare-candidates";
import { type Candidate, useCompareCandidates } from "./use-compare-candidates";
import { writingShortcuts } from "./writing-shortcuts";
import { RestoreNotice, TabLockNotice } from "./workspace-notices";
import { describeError, lazySubmitResolver, onMac, turnIssues } from "./writing-helpers";
import { ProtocolToggle } from "@/components/protocol/protocol-toggle";
import { ShortcutsDialog } from "@/components/shortcuts-dialog";
import { useShortcuts } from "@/components/use-shortcuts";
import { TaskProtocolPanel } from "@/components/protocol/task-protocol-panel";
import styles from "./writing-screen.module.css";

type Notice = { tone: "error" | "warn"; message: string; offerNext?: boolean };
/**
 * `claimed`: the next task came with the submit's answer (`next: true`, docs/api.md), so the
 * session shows it without claiming again; a claim the server refused is its error.
 */
export type Done = { message: string; next: boolean; claimed?: FetchResult<TaskView | null> };

/** What a submit with `next: true` answers besides the response (docs/api.md). */
type SubmittedAndNext = { next: TaskView | null; nextError?: ApiError };

/** Below the app's one breakpoint (globals.css): one column, the guidelines in a drawer. */
const narrowScreen = () => window.matchMedia("(max-width: 899px)").matches;

/**
 * The labeler's workspace (docs/workspace.md): the conversation in its own scrolling pane, the
 * last turn to write pinned under it, guidelines beside (on a narrow screen, one column with the
 * guidelines in a drawer). Writes a first task, a revision a reviewer asked for, or
 * (`task.editing`) a change to a response still waiting for review.
 */
export function WritingScreen({
  task,
  projectName,
  onDone,
  claimedHere = false,
  flash = null,
}: {
  task: TaskView;
  projectName: string;
  onDone: (done: Done) => void;
  /** Claimed by this tab a moment ago (the next task after a submit): it writes at once. */
  claimedHere?: boolean;
  /** A short note on what just happened ("Submitted."), shown over the conversation, never over a control. */
  flash?: string | null;
}) {
  const [server] = useState(() => ({
    turns: Array.from({ length: task.slotCount }, (_, i) => task.draft?.turns[i] ?? ""),
    savedAt: task.draft?.updatedAt ? new Date(task.draft.updatedAt).toISOString() : null,
  }));
  const storageKey = localDraftKey(task.userId, task.id);
  const resolver = useMemo(
    () => lazySubmitResolver({ slotCount: task.slotCount, maxResponseTokens: task.maxResponseTokens }),
    [task.slotCount, task.maxResponseTokens],
  );
  const form = useForm<SubmitResponseInput>({
    resolver,
    defaultValues: { turns: server.turns },
    reValidateMode: "onChange",
  });
  const measureTurn = useTokenCounter();
  const activeTime = useActiveTime(task.activeMs);
  const getTurns = useCallback(() => form.getValues("turns"), [form]);
  const autosave = useAutosave({
    taskId: task.id,
    storageKey,
    getTurns,
    getActiveMs: activeTime.get,
    initialTurns: server.turns,
    initialSavedAt: server.savedAt,
  });
  // Draft mode: the model's draft streams into the editor and is autosaved like typed text.
  const offerDraft = task.assistant?.mode === "draft";
  const { schedule: scheduleSave } = autosave;
  const modelDraft = useModelDraft(task.id, {
    onText: useCallback(
      (turn: number, text: string) => {
        form.setValue(`turns.${turn}`, text);
        scheduleSave();
      },
      [form, scheduleSave],
    ),
  });
  const streamingTurn = modelDraft.state.kind === "streaming" ? modelDraft.state.turn : null;
  // Compare mode: the labeler ranks the model's candidates, and may start a turn from one of them.
  const offerCompare = task.assistant?.mode === "compare";
  const compare = useCompareCandidates(task.id, offerCompare);
  const [compareTaken, setCompareTaken] = useState<Record<number, TakenDraft>>({});
  const forgetCandidate = useCallback((turn: number) => setCompareTaken(({ [turn]: _, ...rest }) => rest), []);
  const [editingRevision, setEditingRevision] = useState(task.editing?.revision ?? null);
  const [busy, setBusy] = useState<"submit" | "skip" | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [restored, setRestored] = useState<Reconciled["notice"]>(null);
  const [dialog, setDialog] = useState<"skip" | "confirm" | "shortcuts" | "guidelines" | null>(null);
  const [skipError, setSkipError] = useState<string | null>(null);
  const [guidelinesRead, setGuidelinesRead] = useState(task.guidelinesChange?.kind !== "changed");
  const [previews, setPreviews] = useState<boolean[]>(() => server.turns.map(() => false));
  const activeSlot = useRef(
    Math.max(
      0,
      server.turns.findIndex((t) => !t.trim()),
    ),
  );
  const [protocolOpen, setProtocolOpen] = useState(false); // Alt+T toggles it too
  const mac = useSyncExternalStore(
    () => () => {},
    onMac,
    () => false,
  );
  const last = task.slotCount - 1;
  const conversationPane = useRef<HTMLDivElement>(null);
  useTurnInView(conversationPane);

  const { schedule } = autosave;
  useEffect(() => {
    const subscription = form.watch((_values, { type }) => type === "change" && schedule());
    return () => subscription.unsubscribe();
  }, [form, schedule]);

  const showTurns = (turns: string[]) => turns.forEach((t, i) => form.setValue(`turns.${i}`, t ?? ""));

  const onAcquire = (how: Acquired) => {
    const local = readLocalDraft(storageKey);
    if (how === "first") {
      pruneLocalDrafts();
      if (task.guidelinesChange?.kind === "first") writeCollapsed(false);
      const chosen = reconcileDraft({ turns: server.turns, updatedAt: server.savedAt }, local, task.activeMs);
      activeTime.raise(chosen.activeMs);
      if (chosen.source === "device") showTurns(chosen.turns);
      setRestored(chosen.notice);
      autosave.adopt(server);
    } else if (local) {
      // Moving here from another tab: its last text is in this browser's storage.
      showTurns(local.turns);
      activeTime.raise(local.activeMs);
      autosave.adopt({ turns: local.synced ? local.turns : [], savedAt: local.base });
    } else {
      autosave.adopt(server);
    }
    const first = Math.max(
      0,
      form.getValues("turns").findIndex((t) => !t.trim()),
    );
    document.getElementById(slotEditorId(first))?.focus({ preventScroll: true });
  };
  const onRelease = async () => {
    if (autosave.isDirty()) await autosave.flush();
    await autosave.pause();
  };
  const tabLock = useTabLock(
    `exemplar.task.${task.userId}.${task.id}`,
    { onAcquire, onRelease },
    { startAsOwner: claimedHere },
  );
  const canWrite = tabLock.state === "owner" && guidelinesRead;

  const submit = form.handleSubmit(async ({ turns }) => {
    if (!canWrite) return;
    setDialog(null);
    setBusy("submit");
    setNotice(null);
    await autosave.pause();
    // A complete ranking not saved yet goes first; a failure to save it does not hold the response back.
    if (offerCompare) await compare.save();
    const body = {
      turns: turnsWithSuggestions(turns, { ...modelDraft.taken, ...compareTaken }),
      activeMs: activeTime.get(),
    };
    // Edit after submit is the next revision; otherwise 201 for a first submit or a resubmit after a revise, 200 for a repeat,
    // with the next task in the same answer.
    const result = task.editing
      ? await fetchApi<{ revision: number; updatedAt: string }>(
          "POST",
          `/api/v1/responses/${task.editing.responseId}/revisions`,
          body,
        )
      : await fetchApi<SubmittedAndNext>("POST", `/api/v1/tasks/${task.id}/submit`, { ...body, next: true });
    if (result.ok) {
      autosave.forget();
      if (!task.editing) {
        const { next, nextError } = result.data as SubmittedAndNext;
        const claimed: Done["claimed"] = nextError
          ? { ok: false, error: nextError }
          : { ok: true, status: 200, data: next };
        return onDone({ message: task.revision ? "Resubmitted." : "Submitted.", next: true, claimed });
      }
      const saved = result.data as { revision: number; updatedAt: string };
      setEditingRevision(saved.revision);
      setBusy(null);
      autosave.adopt({ turns, savedAt: saved.updatedAt });
      return onDone({ message: `Saved as revision ${saved.revision}. Reviewers will see it.`, next: false });
    }
    setBusy(null);
    autosave.resume();
    const issues = result.error.code === "validation_error" ? turnIssues(result.error.details) : [];
    issues.forEach(({ index, message }) => form.setError(`turns.${index}`, { type: "server", message }));
    if (issues.length) return;
    // 409: lease_expired (the text stays as the draft) or a task skipped elsewhere; either way, move on.
    const moveOn = !task.editing && (result.error.status === 409 || result.error.status === 404);
    setNotice({
      tone: result.error.status === 409 ? "warn" : "error",
      message: describeError(result.error),
      offerNext: moveOn,
    });
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
    if (autosave.isDirty() && !(await autosave.flush()))
      return fail("Your text could not be saved, so the prompt was not skipped. Try again.");
    await autosave.pause();
    const result = await fetchApi("POST", `/api/v1/tasks/${task.id}/skip`, reason ? { reason } : {});
    if (!result.ok) return fail(describeError(result.error));
    autosave.forget();
    setDialog(null);
    onDone({ message: "Skipped. Your draft is kept: My work → Skipped lets you return to it.", next: true });
  };

  const requestSkip = () => {
    if (form.getValues("turns").some((t) => t.trim())) {
      setSkipError(null);
      setDialog("skip");
    } else {
      void skip("", false);
    }
  };

  const setPreview = (index: number, on: boolean) => {
    setPreviews((p) => p.map((v, i) => (i === index ? on : v)));
    if (!on) requestAnimationFrame(() => document.getElementById(slotEditorId(index))?.focus());
  };

  // The keys of docs/workspace.md, listed in the shortcuts dialog.
  useShortcuts({
    "Mod+Enter": () => canWrite && !busy && streamingTurn === null && setDialog("confirm"),
    "Mod+s": () => void autosave.flush(),
    "Alt+KeyG": () => (narrowScreen() ? setDialog("guidelines") : toggleGuidelines()),
    "Alt+KeyM": () => setPreview(activeSlot.current, !previews[activeSlot.current]),
    "Alt+KeyT": () => setProtocolOpen((open) => !open),
    "?": () => setDialog("shortcuts"),
  });

  // The turns before must be on the server: the model reads them from the saved draft.
  const startDraft = async (turn: number) => {
    if (autosave.isDirty()) await autosave.flush();
    void modelDraft.start(turn);
  };
  const clearDraft = (turn: number) => {
    form.setValue(`turns.${turn}`, "");
    autosave.schedule();
    modelDraft.forget(turn);
    document.getElementById(slotEditorId(turn))?.focus();
  };
  const requestCandidates = async () => {
    if (autosave.isDirty()) await autosave.flush();
    const open = form.getValues("turns").findIndex((t) => !t.trim());
    void compare.request(open === -1 ? last : open);
  };
  const startFromCandidate = (candidate: Candidate) => {
    const turn = compare.batch?.turn ?? last;
    form.setValue(`turns.${turn}`, candidate.content, { shouldDirty: true });
    autosave.schedule();
    setCompareTaken((all) => ({ ...all, [turn]: { suggestionId: candidate.id, content: candidate.content } }));
    void compare.save();
    setPreview(turn, false);
    document.getElementById(slotEditorId(turn))?.focus({ preventScroll: true });
  };
  const draftBar = (index: number) => (
    <AssistantDraftFor
      index={index}
      taken={modelDraft.taken[index]?.content ?? null}
      state={modelDraft.state}
      disabled={!canWrite || busy !== null}
      onStart={() => void startDraft(index)}
      onStop={modelDraft.stop}
      onClear={() => clearDraft(index)}
      onForget={modelDraft.forget}
    />
  );
  const editor = (index: number) => (
    <SlotEditor
      tools={offerDraft ? draftBar(index) : undefined}
      index={index}
      slotCount={task.slotCount}
      maxTokens={task.maxResponseTokens}
      measureTurn={measureTurn}
      onBlur={() => void autosave.flush()}
      readOnly={!canWrite || busy !== null || streamingTurn === index}
      preview={previews[index] ?? false}
      onPreviewChange={(on) => setPreview(index, on)}
      onFocus={() => (activeSlot.current = index)}
    />
  );
  const arrayError = form.formState.errors.turns?.root?.message ?? form.formState.errors.turns?.message;
  const submitLabel = editingRevision
    ? `Save as revision ${editingRevision + 1}`
    : task.revision
      ? "Resubmit"
      : "Submit";

  return (
    <main className={styles.screen}>
      <FormProvider {...form}>
        <form className={styles.work} onSubmit={submit} noValidate aria-labelledby="task-title">
          <header className={styles.header}>
            <h1 id="task-title" className={styles.title}>
              {projectName}
            </h1>
            <div className={styles.meta}>
              {task.externalId && (
                <span>
                  Prompt <code>{task.externalId}</code>
                </span>
              )}
              {task.slotCount > 1 && <span>{task.slotCount} turns to write</span>}
              {/* A revision or an edit is the labeler's own response, not a claim on a prompt: no lease runs out. */}
              {!task.revision && !task.editing && <LeaseInfo expiresAt={task.expiresAt} />}
              {editingRevision && <span>Editing revision {editingRevision}, waiting for review</span>}
              <span title="Time spent writing with this tab in front, pausing after a minute without activity">
                Active {formatDuration(activeTime.shownMs, { wholeMinutes: true })}
              </span>
            </div>
            <div className={styles.tools}>
              <button
                type="button"
                className={`button button-small ${styles.guidelinesButton}`}
                onClick={() => setDialog("guidelines")}
                aria-haspopup="dialog"
                aria-keyshortcuts="Alt+G"
              >
                Guidelines
              </button>
              <button
                type="button"
                className="button button-small"
                onClick={() => setDialog("shortcuts")}
                aria-keyshortcuts="Shift+?"
              >
                Shortcuts{" "}
                {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: the key is shown, and named by aria-keyshortcuts */}
                <kbd aria-hidden="true">?</kbd>
              </button>
              {/* Protocol view: the conversation as trained, token by token. */}
              <ProtocolToggle open={protocolOpen} onOpenChange={setProtocolOpen} shortcut="Alt+T" />
            </div>
          </header>
          {task.revision && <RevisionNotice revision={task.revision} />}
          {task.guidelinesChange?.kind === "changed" && !guidelinesRead && (
            <GuidelinesChangeBanner
              change={task.guidelinesChange}
              projectId={task.projectId}
              onConfirmed={() => setGuidelinesRead(true)}
            />
          )}
          {task.guidelinesChange?.kind === "first" && (
            <p className={`alert alert-info ${styles.firstTime}`}>
              <span>New to this project: read the guidelines before you write.</span>
              <button type="button" className="button button-small" onClick={() => setDialog("guidelines")}>
                Read the guidelines
              </button>
            </p>
          )}
          <div className={styles.notices}>
            <TabLockNotice state={tabLock.state} onTakeOver={tabLock.takeOver} />
            {restored && (
              <RestoreNotice
                notice={restored}
                onUseOther={() => {
                  showTurns(restored.other);
                  setRestored(null);
                  autosave.schedule();
                }}
                onDismiss={() => setRestored(null)}
              />
            )}
          </div>
          <div className={styles.conversationArea}>
            <div role="status" className={styles.flash}>
              {flash && <p className="alert alert-ok">{flash}</p>}
            </div>
            <div
              ref={conversationPane}
              className={styles.scroller}
              role="region"
              aria-label="Conversation"
              tabIndex={0}
            >
              <Conversation
                messages={task.conversation.messages}
                renderSlot={(index) => (index === last ? null : editor(index))}
              />
              {offerCompare && (
                <CompareCandidates
                  batch={compare.batch}
                  state={compare.state}
                  complete={compare.complete}
                  unsaved={compare.unsaved}
                  slotCount={task.slotCount}
                  startedFrom={compare.batch ? (compareTaken[compare.batch.turn]?.suggestionId ?? null) : null}
                  disabled={!canWrite || busy !== null}
                  onRequest={() => void requestCandidates()}
                  onStop={compare.stop}
                  onPlace={compare.place}
                  onSave={() => void compare.save()}
                  onStart={startFromCandidate}
                  onForget={forgetCandidate}
                />
              )}
            </div>
            {/* The last turn to write, right under the turn it answers, in view however long the conversation. */}
            <div className={styles.pinned}>{editor(last)}</div>
          </div>
          <footer className={styles.footer}>
            <div aria-live="polite">
              {(notice || arrayError) && (
                <div className={`alert ${notice?.tone === "warn" ? "alert-warn" : "alert-error"} ${styles.notice}`}>
                  <span>{notice?.message ?? arrayError}</span>
                  {notice?.offerNext && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => onDone({ message: "", next: true })}
                    >
                      Next prompt
                    </button>
                  )}
                </div>
              )}
            </div>
            <div className={styles.actions}>
              <SaveStatusLine
                status={autosave.status}
                elsewhere={tabLock.state === "other-tab" || tabLock.state === "taken-over"}
              />
              <span className="spacer" />
              <span className={styles.shortcut} aria-hidden="true">
                <kbd>{mac ? "⌘" : "Ctrl"}</kbd> + <kbd>Enter</kbd>
              </span>
              {/* A submitted response cannot be skipped (409); its revision is resubmitted. */}
              {!task.revision && !task.editing && (
                <button
                  type="button"
                  className="button"
                  onClick={requestSkip}
                  disabled={busy !== null || tabLock.state !== "owner"}
                >
                  {busy === "skip" && dialog !== "skip" ? "Skipping…" : "Skip"}
                </button>
              )}
              <button
                type="submit"
                className="button button-primary"
                disabled={busy !== null || !canWrite || streamingTurn !== null}
                aria-keyshortcuts="Control+Enter Meta+Enter"
              >
                {busy === "submit" ? "Saving…" : submitLabel}
              </button>
            </div>
          </footer>
        </form>
      </FormProvider>
      {/* Protocol view: takes the guidelines' column while open; the editor keeps its place. */}
      {protocolOpen ? (
        <TaskProtocolPanel
          onClose={() => setProtocolOpen(false)}
          conversation={task.conversation.messages}
          tokenizer={task.tokenizer}
          control={form.control}
        />
      ) : (
        <GuidelinesPanel guidelines={task.guidelines} firstTime={task.guidelinesChange?.kind === "first"} />
      )}
      <SkipDialog
        open={dialog === "skip"}
        busy={busy === "skip"}
        error={skipError}
        onCancel={() => setDialog(null)}
        onConfirm={(reason) => void skip(reason, true)}
      />
      <ConfirmSubmitDialog
        open={dialog === "confirm"}
        editing={!!task.editing}
        onCancel={() => setDialog(null)}
        onConfirm={() => void submit()}
      />
      <GuidelinesDrawer open={dialog === "guidelines"} onClose={() => setDialog(null)} guidelines={task.guidelines} />
      <ShortcutsDialog
        open={dialog === "shortcuts"}
        shortcuts={writingShortcuts(mac ? "⌘" : "Ctrl")}
        onClose={() => setDialog(null)}
      />
    </main>
  );
}
