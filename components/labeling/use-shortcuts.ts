"use client";

import { useEffect, useRef } from "react";

type ShortcutActions = {
  submit: () => void;
  save: () => void;
  toggleGuidelines: () => void;
  togglePreview: () => void;
  toggleProtocol: () => void;
  showShortcuts: () => void;
};

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * The writing screen's keys, on the window so they work wherever focus is (docs/workspace.md).
 * `event.code` for Alt keys: on a Mac, Alt+G types "©". Nothing fires behind an open dialog.
 */
export function useShortcuts(actions: ShortcutActions) {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || document.querySelector("dialog[open]")) return;
      const mod = event.ctrlKey || event.metaKey;
      const run = (action: () => void) => {
        event.preventDefault();
        action();
      };
      if (mod && !event.altKey && event.key === "Enter") return run(ref.current.submit);
      if (mod && !event.altKey && event.key.toLowerCase() === "s") return run(ref.current.save);
      if (event.altKey && !mod) {
        if (event.code === "KeyG") return run(ref.current.toggleGuidelines);
        if (event.code === "KeyM") return run(ref.current.togglePreview);
        if (event.code === "KeyT") return run(ref.current.toggleProtocol);
      }
      if (event.key === "?" && !mod && !event.altKey && !typing(event.target)) run(ref.current.showShortcuts);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
