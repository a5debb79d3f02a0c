"use client";

import { useEffect, useRef } from "react";

/** True when a key press belongs to what the user is typing or to an open dialog, not to a shortcut. */
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

/**
 * Single-key shortcuts (`a`, `j`, `?`), ignored while typing in a field, with a modifier held
 * (so the browser's own Ctrl/⌘ keys stay theirs), or while a modal dialog is open.
 */
export function useShortcuts(handlers: Record<string, (() => void) | undefined>) {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event) || document.querySelector("dialog[open]")) return;
      const handler = current.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
