"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Field } from "@/components/forms/field";
import { FormError, FormSuccess } from "@/components/forms/form-message";
import styles from "./projects.module.css";

type LineError = { line: number; message: string };
type Outcome =
  | { kind: "imported"; imported: number; skipped: number; specialTokenPrompts: number }
  | { kind: "invalid"; message: string; lines: LineError[] }
  | { kind: "error"; message: string };

const isLineErrors = (v: unknown): v is LineError[] =>
  Array.isArray(v) && v.every((e) => e && typeof e.line === "number" && typeof e.message === "string");

/** What the form shows while a file is on its way: bytes sent, then the server finishing the import. */
type Stage = { kind: "uploading"; loaded: number; total: number } | { kind: "processing" };

/**
 * Sends the file as it is on disk (the server checks the size while reading and rejects bad UTF-8). XHR rather
 * than fetch: only XHR reports upload progress. The server reads and checks lines while they arrive, so once
 * the last byte is sent what remains is the final insert.
 */
function upload(projectId: string, file: File, onStage: (stage: Stage) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/projects/${projectId}/prompts`);
    xhr.setRequestHeader("Content-Type", "application/x-ndjson");
    xhr.upload.onprogress = (e) =>
      onStage({ kind: "uploading", loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => onStage({ kind: "processing" });
    xhr.onerror = () =>
      resolve({ kind: "error", message: "Could not reach the server; check your connection and try again." });
    xhr.onload = () => resolve(outcomeOf(xhr.status, xhr.responseText));
    onStage({ kind: "uploading", loaded: 0, total: file.size });
    xhr.send(file);
  });
}

function outcomeOf(status: number, text: string): Outcome {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (status >= 200 && status < 300) {
    const {
      imported = 0,
      skipped = 0,
      specialTokenPrompts = 0,
    } = (body ?? {}) as { imported?: number; skipped?: number; specialTokenPrompts?: number };
    return { kind: "imported", imported, skipped, specialTokenPrompts };
  }
  const error = (body as { error?: { message?: string; details?: unknown } } | null)?.error;
  const message = error?.message ?? `The upload failed (HTTP ${status}).`;
  if (status === 422) return { kind: "invalid", message, lines: isLineErrors(error?.details) ? error.details : [] };
  return { kind: "error", message };
}

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;

/** Bytes sent so far; shown next to the bar but not announced, so a screen reader hears only the stage. */
function uploadedText(stage: Stage): string | null {
  if (stage.kind !== "uploading") return null;
  const percent = stage.total > 0 ? Math.floor((stage.loaded / stage.total) * 100) : 0;
  return `${percent}% (${megabytes(stage.loaded)} of ${megabytes(stage.total)})`;
}

/**
 * Imports a JSONL file of prompts through the API; all or nothing, with every bad line named. `maxBytes` (the
 * server's EXEMPLAR_MAX_IMPORT_BYTES) lets a too-large file be refused before it is sent.
 */
export function PromptImport({ projectId, maxBytes }: { projectId: string; maxBytes?: number }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [missing, setMissing] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    setOutcome(null);
    if (!file) {
      setMissing("Choose a .jsonl file first");
      input.current?.focus();
      return;
    }
    if (maxBytes !== undefined && file.size > maxBytes) {
      setMissing(
        `The file is ${megabytes(file.size)}; the limit is ${megabytes(maxBytes)} (${maxBytes.toLocaleString("en-US")} bytes)`,
      );
      input.current?.focus();
      return;
    }
    setMissing(undefined);
    const result = await upload(projectId, file, setStage);
    setStage(null);
    setOutcome(result);
    if (result.kind === "imported") {
      if (input.current) input.current.value = "";
      router.refresh();
    }
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Import prompts">
      <Field
        id="prompts-file"
        label="Prompts file (JSONL)"
        hint="One prompt a line. Prompts whose id the project already has are skipped, so re-uploading a file is safe."
        error={missing}
      >
        {(control) => (
          <input
            type="file"
            accept=".jsonl,.ndjson,application/x-ndjson,application/jsonl"
            ref={input}
            onChange={() => setMissing(undefined)}
            {...control}
          />
        )}
      </Field>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={stage !== null}>
          Upload
        </button>
        {stage && (
          <>
            {/* Indeterminate (no value) while the server processes: the bar stops meaning bytes. */}
            <progress
              aria-label="Import progress"
              max={1}
              value={stage.kind === "uploading" && stage.total > 0 ? stage.loaded / stage.total : undefined}
            />
            <span className="muted small" role="status">
              {stage.kind === "uploading" ? "Uploading…" : "Processing…"}
            </span>
            <span className="muted small">{uploadedText(stage)}</span>
          </>
        )}
      </div>
      <FormSuccess
        message={
          outcome?.kind === "imported"
            ? `Imported ${outcome.imported}, skipped ${outcome.skipped}.${specialTokenNote(outcome.specialTokenPrompts)}`
            : null
        }
      />
      <FormError message={outcome && outcome.kind !== "imported" ? outcome.message : null} />
      {outcome?.kind === "invalid" && outcome.lines.length > 0 && (
        <div className={styles.importErrors}>
          <table className="table">
            <caption className="visually-hidden">Lines that could not be imported</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {outcome.lines.map((e, i) => (
                <tr key={i}>
                  <td>{e.line}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}

/** Prompts quoting `<|im_end|>` and the like are imported as text; the export's metadata flags them (docs/formats.md). */
function specialTokenNote(count: number): string {
  if (count === 0) return "";
  return ` ${count} prompt${count === 1 ? " contains" : "s contain"} special-token text such as <|im_end|>: kept as text, flagged in the export's metadata.`;
}
