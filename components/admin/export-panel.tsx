"use client";

import { useEffect, useMemo, useState } from "react";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export/schemas";
import {
  curlCommand,
  DEFAULT_EXPORT_CHOICE,
  exportSearchParams,
  TOKEN_PLACEHOLDER,
  type ExportChoice,
} from "@/lib/export/export-request";
import { CopyButton } from "@/components/forms/copy-button";
import { countText } from "@/lib/bounded-count";
import styles from "./admin.module.css";

const FORMAT_LABELS: Record<ExportFormat, string> = {
  openai: "OpenAI chat (messages)",
  sharegpt: "ShareGPT (conversations)",
  chatml: "ChatML text",
  "prompt-completion": "Prompt / completion",
  preference: "Preference pairs (chosen / rejected)",
};

type Preview = {
  count: number;
  /** Counting stopped at COUNT_LIMIT: at least `count` lines. */
  countAtLeast: boolean;
  lines: string[];
  filename: string;
  empty: { code: string; message: string } | null;
};
type Problem = { message: string; details: string[] };
type State = { kind: "loading" } | { kind: "ready"; preview: Preview } | { kind: "error"; problem: Problem };

/**
 * Everything `GET …/export` can do, as a form: the preview, count, file name and curl line all come
 * from the same query string, and the API itself checks it, so what is shown is what downloads.
 */
export function ExportPanel({
  projectId,
  projectSlug,
  origin,
  guidelinesVersions,
  writers,
}: {
  projectId: string;
  projectSlug: string;
  origin: string;
  guidelinesVersions: number[];
  writers: Array<{ id: string; name: string }>;
}) {
  const [choice, setChoice] = useState<ExportChoice>(DEFAULT_EXPORT_CHOICE);
  // Where this browser reached the app: the command then works from wherever the admin is.
  const [here, setHere] = useState(origin);
  useEffect(() => setHere(window.location.origin), []);
  const [state, setState] = useState<State>({ kind: "loading" });
  const params = useMemo(() => exportSearchParams(choice), [choice]);
  const query = params.toString();
  const suffix = query ? `?${query}` : "";
  const pairs = choice.format === "preference";

  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: "loading" });
    // A short pause, so typing a date or a number asks once, not per keystroke.
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/v1/projects/${projectId}/export/preview${suffix}`, {
          signal: controller.signal,
          cache: "no-store",
        });
        const body = await res.json();
        if (res.ok) setState({ kind: "ready", preview: body as Preview });
        else setState({ kind: "error", problem: problemOf(body) });
      } catch (error) {
        if (!controller.signal.aborted)
          setState({ kind: "error", problem: { message: "Could not reach the server", details: [String(error)] } });
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [projectId, suffix]);

  const set = <K extends keyof ExportChoice>(key: K, value: ExportChoice[K]) =>
    setChoice((current) => ({ ...current, [key]: value }));
  const curl = curlCommand(here, projectSlug, params);
  const ready = state.kind === "ready" ? state.preview : null;
  const unit = pairs ? "pair" : "line";

  return (
    <div className={styles.exportLayout}>
      <form
        className={`card stack ${styles.exportForm}`}
        aria-label="Export options"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="export-format">Format</label>
          <select
            id="export-format"
            value={choice.format}
            onChange={(e) => set("format", e.target.value as ExportFormat)}
          >
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="export-status">Status{pairs ? " of the chosen response" : ""}</label>
          <select
            id="export-status"
            value={choice.status}
            onChange={(e) => set("status", e.target.value as ExportChoice["status"])}
          >
            <option value="accepted">Accepted</option>
            <option value="submitted">Submitted, not yet reviewed</option>
            <option value="all">All (also rejected and sent back)</option>
          </select>
        </div>
        <fieldset className={styles.fieldset}>
          <legend>Filters</legend>
          <div className={styles.filterGrid}>
            <div className="field">
              <label htmlFor="export-since">Submitted from</label>
              <input
                id="export-since"
                type="date"
                value={choice.since}
                onChange={(e) => set("since", e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="export-until">Submitted before</label>
              <input
                id="export-until"
                type="date"
                value={choice.until}
                onChange={(e) => set("until", e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="export-version">Guidelines version</label>
              <select
                id="export-version"
                value={choice.guidelinesVersion}
                onChange={(e) => set("guidelinesVersion", e.target.value)}
              >
                <option value="">Any version</option>
                {guidelinesVersions.map((v) => (
                  <option key={v} value={String(v)}>
                    Version {v}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="export-labeler">Written by</label>
              <select id="export-labeler" value={choice.labeler} onChange={(e) => set("labeler", e.target.value)}>
                <option value="">Anyone</option>
                {writers.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="export-min-score">Lowest mean score</label>
              <input
                id="export-min-score"
                type="number"
                inputMode="decimal"
                min={1}
                max={5}
                step={0.5}
                placeholder="1–5"
                value={choice.minScore}
                onChange={(e) => set("minScore", e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="export-limit">At most</label>
              <input
                id="export-limit"
                type="number"
                inputMode="numeric"
                min={1}
                placeholder={`every ${unit}`}
                value={choice.limit}
                onChange={(e) => set("limit", e.target.value)}
              />
            </div>
          </div>
        </fieldset>
        <div className={styles.filterGrid}>
          <div className="field">
            <label htmlFor="export-split">Split</label>
            <select
              id="export-split"
              value={choice.split}
              onChange={(e) => set("split", e.target.value as ExportChoice["split"])}
            >
              <option value="">Everything</option>
              <option value="train">Training part</option>
              <option value="validation">Validation part</option>
            </select>
          </div>
          {choice.split && (
            <div className="field">
              <label htmlFor="export-fraction">Validation share</label>
              <input
                id="export-fraction"
                type="number"
                inputMode="decimal"
                min={0.01}
                max={0.99}
                step={0.01}
                placeholder="0.05"
                value={choice.validationFraction}
                onChange={(e) => set("validationFraction", e.target.value)}
              />
            </div>
          )}
        </div>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={choice.includeMetadata}
            onChange={(e) => set("includeMetadata", e.target.checked)}
          />
          Include metadata (ids, prompt metadata, guidelines version, review, tokens, times)
        </label>
        <button type="button" className="button" onClick={() => setChoice(DEFAULT_EXPORT_CHOICE)}>
          Reset to defaults
        </button>
      </form>

      <section className={`card stack ${styles.exportResult}`} aria-labelledby="export-preview-heading">
        <h3 id="export-preview-heading">What will be exported</h3>
        <div role="status" aria-live="polite" className={styles.count} data-testid="export-count">
          {state.kind === "loading" && <span className="muted">Counting…</span>}
          {ready && (
            <>
              <strong>{countText(ready.count, ready.countAtLeast)}</strong> {unit}
              {ready.count === 1 && !ready.countAtLeast ? "" : "s"}
              {ready.count > 0 && <span className="muted"> · {ready.filename}</span>}
            </>
          )}
          {state.kind === "error" && <span className="muted">Nothing to count until the options are fixed.</span>}
        </div>
        {state.kind === "error" && (
          <div className="alert alert-error" role="alert">
            <p>{state.problem.message}</p>
            {state.problem.details.length > 0 && (
              <ul className={styles.details}>
                {state.problem.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {ready?.empty && (
          <div className="alert alert-info" data-testid="export-empty-reason">
            <p>{ready.empty.message}</p>
            {ready.empty.code === "one_response_per_prompt" && <a href="?section=settings">Open Settings</a>}
            {(ready.empty.code === "no_votes" || ready.empty.code === "no_match") && (
              <a href={`/review/${projectSlug}`}>Open the review queue</a>
            )}
          </div>
        )}
        {ready && ready.lines.length > 0 && (
          <div className="stack">
            <h4 className={styles.subheading}>
              First {ready.lines.length === 1 ? "line" : `${ready.lines.length} lines`}
            </h4>
            <pre className={styles.preview} role="region" aria-label="Preview of the first lines" tabIndex={0}>
              {ready.lines.join("\n")}
            </pre>
          </div>
        )}
        <div className="row">
          <a
            href={`/api/v1/projects/${projectId}/export${suffix}`}
            className="button button-primary"
            download
            aria-disabled={state.kind === "error" || undefined}
            onClick={(e) => {
              if (state.kind === "error") e.preventDefault();
            }}
          >
            Download {ready ? ready.filename : "JSONL"}
          </a>
        </div>
        <div className="stack">
          <h4 className={styles.subheading}>The same export from a script</h4>
          <pre id="export-curl" className={styles.curl} role="region" aria-label="curl command" tabIndex={0}>
            {curl}
          </pre>
          <div className="row">
            <CopyButton text={curl} targetId="export-curl" label="Copy command" />
          </div>
          <p className="small muted">
            Set <code>{TOKEN_PLACEHOLDER.slice(1)}</code> to an API token of yours first (Tokens page; an export-only
            token for this project is the safest). The download here is recorded in the audit log; so is every run of
            the command.
          </p>
        </div>
      </section>
    </div>
  );
}

/** The API's error shape (docs/api.md "Errors") as a sentence and one line per parameter. */
function problemOf(body: unknown): Problem {
  const error = (body as { error?: { message?: string; details?: unknown } })?.error;
  const details = Array.isArray(error?.details)
    ? error.details.map((d: { path?: unknown[]; message?: string }) =>
        [Array.isArray(d.path) ? d.path.join(".") : "", d.message].filter(Boolean).join(": "),
      )
    : [];
  return { message: error?.message ?? "The export options are not valid", details };
}
