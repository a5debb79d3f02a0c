"use client";

import { useState } from "react";

/** Copies `text`; falls back to selecting `targetId`'s text where the Clipboard API is missing (plain http). */
export function CopyButton({ text, targetId, label = "Copy" }: { text: string; targetId?: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "select">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      const target = targetId ? document.getElementById(targetId) : null;
      if (target) window.getSelection()?.selectAllChildren(target);
      setState("select");
    }
  }

  return (
    <>
      <button type="button" className="button button-small" onClick={copy}>
        {label}
      </button>
      <span role="status" className="small">
        {state === "copied" ? "Copied" : state === "select" ? "Selected; press Ctrl+C to copy" : ""}
      </span>
    </>
  );
}
