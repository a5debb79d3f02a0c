"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { fetchApi, type ApiError } from "./api";
import { describeModelError } from "./use-model-draft";

/** One model candidate as the screen shows it. */
export type Candidate = { id: string; model: string; content: string };

/** The candidates of one request, in the order shown, and the labeler's place for each (null: not ranked yet). */
export type CandidateBatch = {
  turn: number;
  batchId: string;
  shown: Candidate[];
  places: Record<string, number | null>;
  /** The places as last stored on the server; null before the first save. */
  saved: Record<string, number> | null;
};

export type CompareState =
  | { kind: "idle" }
  | { kind: "loading"; turn: number }
  | { kind: "failed"; message: string }
  | { kind: "saving" }
  | { kind: "save-failed"; message: string };

type RankingView = { suggestionIds: string[]; ranks: number[]; displayOrder: string[] };
type LatestView = { turn: number | null; batchId: string | null; candidates: Candidate[]; ranking: RankingView | null };

/** FNV-1a: a stable 32-bit hash, so the order is random per request yet the same after a reload. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The order candidates are shown in: shuffled by a hash of the request's (random) suggestion ids, so the model's
 * own order (which request was sent first) says nothing about where a candidate lands, and the same request shows
 * the same order on every load. The order is stored with the ranking (`displayOrder`).
 */
export function displayOrder<T extends { id: string }>(candidates: T[]): T[] {
  const seed = candidates
    .map((c) => c.id)
    .sort()
    .join(":");
  const key = (c: T) => hash(`${seed}:${c.id}`);
  return [...candidates].sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : 1));
}

/**
 * The ranking the API takes (`PUT …/candidate-ranking`, docs/api.md) from the places the labeler picked: ids best
 * first, and dense ranks (1, 2, 2, 3) so a tie stays a tie and a skipped place closes up.
 */
export function rankingBody(batch: CandidateBatch) {
  const ranked = batch.shown
    .map((c) => ({ id: c.id, place: batch.places[c.id] }))
    .filter((c): c is { id: string; place: number } => typeof c.place === "number")
    .sort((a, b) => a.place - b.place);
  const distinct = [...new Set(ranked.map((c) => c.place))];
  return {
    suggestionIds: ranked.map((c) => c.id),
    ranks: ranked.map((c) => distinct.indexOf(c.place) + 1),
    displayOrder: batch.shown.map((c) => c.id),
  };
}

const samePlaces = (a: Record<string, number | null>, b: Record<string, number> | null) =>
  b !== null && Object.keys(a).every((id) => a[id] === b[id]);

/**
 * Compare mode (docs/workspace.md): asks for the project's candidates for a turn, shows them in a random order
 * that is recorded, keeps the labeler's places and stores the ranking. A reload shows the latest request's
 * candidates again, with their stored ranking.
 */
export function useCompareCandidates(taskId: string, enabled: boolean) {
  const [batch, setBatch] = useState<CandidateBatch | null>(null);
  const [state, setState] = useState<CompareState>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void (async () => {
      const response = await fetch(`/api/v1/tasks/${taskId}/candidate-ranking`, { credentials: "same-origin" }).catch(
        () => null,
      );
      if (!live || !response?.ok) return;
      const latest = (await response.json()) as LatestView;
      if (!live || latest.turn === null || latest.batchId === null || latest.candidates.length < 2) return;
      const { ranking } = latest;
      const byId = new Map(latest.candidates.map((c) => [c.id, c]));
      const shown = ranking
        ? ranking.displayOrder.map((id) => byId.get(id)).filter((c): c is Candidate => !!c)
        : displayOrder(latest.candidates);
      const saved = ranking ? Object.fromEntries(ranking.suggestionIds.map((id, i) => [id, ranking.ranks[i]!])) : null;
      const places = Object.fromEntries(shown.map((c) => [c.id, saved?.[c.id] ?? null]));
      setBatch((current) => current ?? { turn: latest.turn!, batchId: latest.batchId!, shown, places, saved });
    })();
    return () => {
      live = false;
    };
  }, [taskId, enabled]);

  const request = useCallback(
    async (turn: number) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setState({ kind: "loading", turn });
      let response: Response;
      try {
        response = await fetch(`/api/v1/tasks/${taskId}/suggestions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ turn }),
          credentials: "same-origin",
          signal: controller.signal,
        });
      } catch {
        if (controller.signal.aborted) return setState({ kind: "idle" });
        return setState({ kind: "failed", message: describeModelError({ status: 0, code: "network" }) });
      }
      const payload = (await response.json().catch(() => null)) as {
        suggestions?: Candidate[];
        error?: Partial<ApiError>;
      } | null;
      if (abort.current === controller) abort.current = null;
      if (!response.ok || !payload?.suggestions) {
        const error = { status: response.status, code: payload?.error?.code ?? "", details: payload?.error?.details };
        return setState({ kind: "failed", message: describeModelError(error, response.headers.get("retry-after")) });
      }
      // The batch is known here by its candidates' ids; the server keeps its own id beside them.
      const batchId = payload.suggestions.map((s) => s.id).join(":");
      const shown = displayOrder(payload.suggestions);
      setBatch({ turn, batchId, shown, places: Object.fromEntries(shown.map((c) => [c.id, null])), saved: null });
      setState({ kind: "idle" });
    },
    [taskId],
  );

  const stop = useCallback(() => abort.current?.abort(), []);

  const place = useCallback((id: string, value: number | null) => {
    setBatch((b) => (b ? { ...b, places: { ...b.places, [id]: value } } : b));
    setState((s) => (s.kind === "save-failed" ? { kind: "idle" } : s));
  }, []);

  const complete = batch?.shown.every((c) => typeof batch.places[c.id] === "number") ?? false;
  const unsaved = batch !== null && complete && !samePlaces(batch.places, batch.saved);

  /** Stores the ranking when every candidate has a place and it changed; true when nothing is left unsaved. */
  const save = useCallback(async (): Promise<boolean> => {
    if (!batch || !complete || samePlaces(batch.places, batch.saved)) return true;
    setState({ kind: "saving" });
    const result = await fetchApi("PUT", `/api/v1/tasks/${taskId}/candidate-ranking`, rankingBody(batch));
    if (!result.ok) {
      setState({
        kind: "save-failed",
        message:
          result.error.status === 0
            ? "Could not reach the server; the ranking is not saved yet."
            : `The ranking was not saved: ${result.error.message}`,
      });
      return false;
    }
    const stored = batch.places as Record<string, number>;
    setBatch((b) => (b && b.batchId === batch.batchId ? { ...b, saved: { ...stored } } : b));
    setState({ kind: "idle" });
    return true;
  }, [batch, complete, taskId]);

  return { batch, state, request, stop, place, save, complete, unsaved };
}
