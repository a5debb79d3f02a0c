"use client";

import { useEffect, useRef } from "react";

/**
 * The keys a screen binds, by name: a plain key as `event.key` (`"a"`, `"?"`), `"Mod+…"` for
 * Ctrl, or ⌘ on a Mac, with `event.key` in lower case (`"Mod+Enter"`, `"Mod+s"`), `"Alt+…"` with
 * `event.code` (`"Alt+KeyG"`: on a Mac, Alt+G types "©"). A handler left undefined is off.
 */
export type ShortcutHandlers = Record<string, (() => void) | undefined>;

/** True when a key press belongs to what the user is typing, not to a shortcut. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    // A focused radio or checkbox takes no text: the shortcuts still work there.
    return type !== "radio" && type !== "checkbox" && type !== "button" && type !== "submit";
  }
  return false;
}

/** The name a key press goes by in ShortcutHandlers, or null when no shortcut may take it. */
function shortcutName(event: KeyboardEvent): string | null {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey) return `Mod+${event.key.length === 1 ? event.key.toLowerCase() : event.key}`;
  if (event.altKey && !mod) return `Alt+${event.code}`;
  // Plain keys are text while the user types in a field.
  if (!mod && !event.altKey && !isTyping(event)) return event.key;
  return null;
}

/**
 * A screen's keyboard shortcuts, on the window so they work wherever focus is. Plain keys are
 * ignored while typing in a field; the Mod and Alt chords work there too (Ctrl+Enter submits from
 * the editor). Nothing fires behind an open dialog.
 */
export function useShortcuts(handlers: ShortcutHandlers) {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || document.querySelector("dialog[open]")) return;
      const name = shortcutName(event);
      const handler = name === null ? undefined : current.current[name];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
