/**
 * The browser's own copy of a draft (docs/workspace.md), written on every change so that
 * nothing typed is lost offline, in a crash or while the server restarts. Keyed by user and
 * task, so a shared computer never shows one labeler another's text.
 */
export type LocalDraft = {
  turns: string[];
  /** When the text was last changed here (this device's clock). */
  editedAt: number;
  activeMs: number;
  /** The server draft this text was written on (its updatedAt, ISO), null when none. */
  base: string | null;
  /** True when the server holds exactly this text. */
  synced: boolean;
};

const PREFIX = "exemplar.draft.";
const KEEP_MS = 30 * 24 * 3_600_000;

export const localDraftKey = (userId: string, taskId: string) => `${PREFIX}${userId}.${taskId}`;

export function readLocalDraft(key: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as LocalDraft;
    return Array.isArray(value.turns) && value.turns.every((t) => typeof t === "string") ? value : null;
  } catch {
    return null;
  }
}

/** False when the browser refused (storage full or blocked): the caller then warns before leaving. */
export function writeLocalDraft(key: string, draft: LocalDraft): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearLocalDraft(key: string) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing kept, nothing to clear
  }
}

/** Copies of tasks untouched for a month go: a finished task's copy is cleared at once anyway. */
export function pruneLocalDrafts(now = Date.now()) {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      const draft = readLocalDraft(key);
      if (!draft || now - draft.editedAt > KEEP_MS) localStorage.removeItem(key);
    }
  } catch {
    // storage blocked
  }
}

export type ServerDraft = { turns: string[]; updatedAt: string | null };

/**
 * Which text to open with (newer wins), and what to tell the labeler about it:
 * - the copy here holds typing the server never got (written on the server's current draft):
 *   restore it and save it;
 * - the server changed since (another device or tab) and this copy was not saved: the newer of
 *   the two by its time, offering the other one back;
 * - otherwise the server's draft, silently.
 */
export type Reconciled = {
  turns: string[];
  activeMs: number;
  source: "server" | "device";
  /** Set when the screen must say what was restored and from where. */
  notice: { kind: "unsynced" | "newer-here" | "newer-server"; at: number; other: string[] } | null;
};

export function reconcileDraft(server: ServerDraft, local: LocalDraft | null, serverActiveMs: number): Reconciled {
  const activeMs = Math.max(serverActiveMs, local?.activeMs ?? 0);
  const fromServer: Reconciled = { turns: server.turns, activeMs, source: "server", notice: null };
  if (!local || local.synced || same(local.turns, server.turns)) return fromServer;
  const serverAt = server.updatedAt ? Date.parse(server.updatedAt) : 0;
  if (local.base === server.updatedAt) {
    return {
      turns: local.turns,
      activeMs,
      source: "device",
      notice: { kind: "unsynced", at: local.editedAt, other: server.turns },
    };
  }
  if (local.editedAt > serverAt) {
    return {
      turns: local.turns,
      activeMs,
      source: "device",
      notice: { kind: "newer-here", at: local.editedAt, other: server.turns },
    };
  }
  return { ...fromServer, notice: { kind: "newer-server", at: serverAt, other: local.turns } };
}

function same(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
