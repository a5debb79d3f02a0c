"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "./api";

/** Where the model's draft for one turn stands. */
export type ModelDraftState =
  | { kind: "idle" }
  | { kind: "streaming"; turn: number }
  | { kind: "failed"; turn: number; message: string };

/**
 * The model text a turn holds, as the model wrote it (to tell the labeler's edits), and the stored suggestion it
 * is (null while it streams, or when it was stopped before the end: an unfinished draft is not stored).
 */
export type TakenDraft = { suggestionId: string | null; content: string };

type Handlers = {
  /** The text so far, each time more arrives; the screen puts it in the editor and autosaves it. */
  onText: (turn: number, text: string) => void;
};

type StreamEvent = { event: string; data: string };

/** Splits a server-sent event stream into events as bytes arrive. */
async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      yield { event, data: data.join("\n") };
      end = buffer.indexOf("\n\n");
    }
  }
}

/** What the labeler reads when the model could not help; the editor stays theirs either way. */
export function describeModelError(error: Pick<ApiError, "status" | "code" | "details">, retryAfter?: string | null) {
  const reason = (error.details as { reason?: string; retryAfter?: number } | undefined)?.reason;
  const wait = retryAfter ?? (error.details as { retryAfter?: number } | undefined)?.retryAfter;
  if (error.status === 0) return "Could not reach the server for a model draft. You can write the response yourself.";
  if (reason === "rate_limited" || error.status === 503)
    return `The model is busy${wait ? `; try again in ${wait} s` : ""}. You can write the response yourself.`;
  if (reason === "timeout" || error.status === 504)
    return "The model took too long to answer. Try again, or write the response yourself.";
  if (reason === "no_model_connection") return "This project no longer has a model assistant.";
  if (reason === "task_closed") return "This task is finished; no draft can be made for it.";
  return "The model could not write a draft just now. Try again, or write the response yourself.";
}

/**
 * Streams the project's model draft for one turn (`POST /api/v1/tasks/{id}/suggestions`, docs/api.md) and
 * remembers, per turn, the suggestion its text came from, for the submit's `suggestionId`.
 */
export function useModelDraft(taskId: string, { onText }: Handlers) {
  const [state, setState] = useState<ModelDraftState>({ kind: "idle" });
  const [taken, setTaken] = useState<Record<number, TakenDraft>>({});
  const abort = useRef<AbortController | null>(null);
  const handlers = useRef({ onText });
  useEffect(() => {
    handlers.current = { onText };
  }, [onText]);
  useEffect(() => () => abort.current?.abort(), []);

  const start = useCallback(
    async (turn: number) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setState({ kind: "streaming", turn });
      const fail = (message: string) => {
        if (abort.current === controller) abort.current = null;
        setState({ kind: "failed", turn, message });
      };
      let text = "";
      try {
        const response = await fetch(`/api/v1/tasks/${taskId}/suggestions`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({ turn }),
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok || !response.body) {
          const payload = (await response.json().catch(() => null)) as { error?: Partial<ApiError> } | null;
          const error = { status: response.status, code: payload?.error?.code ?? "", details: payload?.error?.details };
          return fail(describeModelError(error, response.headers.get("retry-after")));
        }
        for await (const { event, data } of events(response.body)) {
          if (event === "delta") {
            const delta = JSON.parse(data) as { index: number; content: string };
            if (delta.index !== 0) continue;
            text += delta.content;
            const content = text;
            setTaken((all) => ({ ...all, [turn]: { suggestionId: null, content } }));
            handlers.current.onText(turn, text);
          } else if (event === "suggestion") {
            const suggestion = JSON.parse(data) as { index: number; id: string; content: string };
            if (suggestion.index !== 0) continue;
            text = suggestion.content;
            handlers.current.onText(turn, text);
            setTaken((all) => ({ ...all, [turn]: { suggestionId: suggestion.id, content: suggestion.content } }));
          } else if (event === "error") {
            const error = (JSON.parse(data) as { error?: Partial<ApiError> }).error ?? {};
            return fail(
              describeModelError({ status: error.status ?? 502, code: error.code ?? "", details: error.details }),
            );
          } else if (event === "done") {
            break;
          }
        }
        if (abort.current === controller) abort.current = null;
        setState({ kind: "idle" });
      } catch {
        // Stopped by the labeler: what arrived stays in the editor as their text to keep or change.
        if (controller.signal.aborted) {
          if (abort.current === controller) abort.current = null;
          return setState({ kind: "idle" });
        }
        fail(describeModelError({ status: 0, code: "network" }));
      }
    },
    [taskId],
  );

  const stop = useCallback(() => abort.current?.abort(), []);

  /** The labeler set the model's text aside: the turn no longer comes from a suggestion. */
  const forget = useCallback((turn: number) => {
    setTaken(({ [turn]: _, ...rest }) => rest);
    setState((s) => (s.kind === "failed" && s.turn === turn ? { kind: "idle" } : s));
  }, []);

  return { state, taken, start, stop, forget };
}

/**
 * The one place the submit body names the suggestion each turn started from (`turns[i].suggestionId`, docs/api.md):
 * a turn that holds a stored model draft, kept or changed, goes as `{content, suggestionId}`, any other as its text.
 */
export function turnsWithSuggestions(
  turns: string[],
  taken: Record<number, TakenDraft>,
): Array<string | { content: string; suggestionId: string }> {
  return turns.map((content, i) => {
    const suggestionId = taken[i]?.suggestionId;
    return suggestionId ? { content, suggestionId } : content;
  });
}
