"use client";

import { useDeferredValue, useMemo } from "react";
import { useWatch, type Control } from "react-hook-form";
import type { Message, PromptMessage } from "@/lib/conversation/types";
import type { SubmitResponseInput } from "@/lib/tasks/schemas";
import type { Tokenizer } from "@/lib/tokenizer/encodings";
import { ProtocolPanel } from "./protocol-panel";

/** The prompt with its slots filled by what is typed so far (an untouched slot is empty). */
function withTurns(conversation: readonly PromptMessage[], turns: readonly string[] | undefined): Message[] {
  let next = 0;
  return conversation.map((m) =>
    m.role === "assistant" && m.content === null
      ? { role: "assistant", content: turns?.[next++] ?? "" }
      : { role: m.role, content: m.content ?? "" },
  );
}

/**
 * The protocol view of the task being written, fed by the writing form: it watches the turns
 * itself, so a keystroke re-renders this panel and not the writing screen. The screen mounts it
 * only while open, so nothing watches the turns (or costs a render per keystroke) when closed.
 */
export function TaskProtocolPanel({
  onClose,
  conversation,
  tokenizer,
  control,
}: {
  onClose: () => void;
  conversation: PromptMessage[];
  tokenizer: Tokenizer;
  control: Control<SubmitResponseInput>;
}) {
  const turns = useWatch({ control, name: "turns" });
  // The keystroke paints first; the view follows in a render React may interrupt for the next one.
  const deferredTurns = useDeferredValue(turns);
  const messages = useMemo(() => withTurns(conversation, deferredTurns), [conversation, deferredTurns]);
  return <ProtocolPanel onClose={onClose} messages={messages} tokenizer={tokenizer} />;
}
