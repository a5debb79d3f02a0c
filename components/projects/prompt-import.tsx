"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Field } from "@/components/forms/field";
import { FormError, FormSuccess } from "@/components/forms/form-message";
import styles from "./projects.module.css";

type LineError = { line: number; message: string };
type Outcome =
  | { kind: "imported"; imported: number; skipped: number }
  | { kind: "invalid"; message: string; lines: LineError[] }
  | { kind: "error"; message: string };

const isLineErrors = (v: unknown): v is LineError[] =>
  Array.isArray(v) && v.every((e) => e && typeof e.line === "number" && typeof e.message === "string");

async function upload(projectId: string, file: File): Promise<Outcome> {
  let res: Response;
  try {
    // The file goes as it is on disk: the server checks the size while reading and rejects bad UTF-8.
    res = await fetch(`/api/v1/projects/${projectId}/prompts`, {
      method: "POST",
      headers: { "Content-Type": "application/x-ndjson" },
      body: file,
    });
  } catch {
    return { kind: "error", message: "Could not reach the server; check your connection and try again." };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const { imported = 0, skipped = 0 } = (body ?? {}) as { imported?: number; skipped?: number };
    return { kind: "imported", imported, skipped };
  }
  const error = (body as { error?: { message?: string; details?: unknown } } | null)?.error;
  const message = error?.message ?? `The upload failed (HTTP ${res.status}).`;
  if (res.status === 422) return { kind: "invalid", message, lines: isLineErrors(error?.details) ? error.details : [] };
  return { kind: "error", message };
}

/** Imports a JSONL file of prompts through the API; all or nothing, with every bad line named. */
export function PromptImport({ projectId }: { projectId: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
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
    setMissing(undefined);
    setPending(true);
    const result = await upload(projectId, file);
    setPending(false);
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
        {(control) => <input type="file" accept=".jsonl,.ndjson,application/x-ndjson,application/jsonl" ref={input} onChange={() => setMissing(undefined)} {...control} />}
      </Field>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={pending}>
          Upload
        </button>
        {pending && <span className="muted small" role="status">Uploading…</span>}
      </div>
      <FormSuccess message={outcome?.kind === "imported" ? `Imported ${outcome.imported}, skipped ${outcome.skipped}.` : null} />
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
