"use client";

import { useDeferredValue, useMemo } from "react";
import { findSpecialTokens } from "@/lib/conversation/special-tokens";

/**
 * A calm note under a turn that quotes special-token text (`<|im_end|>`, `[INST]`): it is kept and
 * counted as text, but a chat template may read it as a control token, so the labeler may want to
 * rephrase it, and the export flags it either way (docs/formats.md, "Special-token text").
 */
export function SpecialTokenNote({ id, text }: { id: string; text: string }) {
  const deferred = useDeferredValue(text);
  const found = useMemo(() => findSpecialTokens(deferred), [deferred]);
  if (found.length === 0) return null;
  const listed = found.slice(0, 3).join(" ") + (found.length > 3 ? " …" : "");
  return (
    <p
      id={id}
      className="muted"
      role="note"
      data-testid="special-token-note"
      style={{ fontSize: "0.82rem", margin: "4px 0 0" }}
    >
      This turn contains <code>{listed}</code>. It is kept as plain text, but some chat formats read it as a control
      token; the export marks such examples.
    </p>
  );
}
