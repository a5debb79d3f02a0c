import type { Message } from "@/lib/conversation/types";
import { toJson } from "@/lib/export/json";
import { checkPromptAndAnswers } from "@/lib/export/formats/prompt-completion";
import { isPlainObject, metadataSuffix, type LineCheck, type PreferenceLine } from "@/lib/export/formats/types";

/**
 * TRL's conversational preference format (DPO and relatives):
 * `{"prompt": […], "chosen": [{assistant}], "rejected": [{assistant}]}`. Which pairs exist is decided
 * in the database (lib/export/sql/preference-query.ts, rule in docs/formats.md), which also wrote the
 * prompt's JSON text.
 */
export function renderPreference(line: PreferenceLine): string {
  const answer = (content: string) => toJson([{ role: "assistant", content }]);
  return `{"prompt": ${line.prompt}, "chosen": ${answer(line.chosen)}, "rejected": ${answer(line.rejected)}${metadataSuffix(line.metadata)}}\n`;
}

export function checkPreferenceLine(example: unknown): LineCheck {
  if (!isPlainObject(example)) return { errors: ["data_type"], warnings: [], messages: null };
  const errors = checkPromptAndAnswers(example.prompt, { chosen: example.chosen, rejected: example.rejected });
  if (errors.length > 0) return { errors, warnings: [], messages: null };
  const [chosen] = example.chosen as Message[];
  const [rejected] = example.rejected as Message[];
  return {
    errors: chosen!.content === rejected!.content ? ["chosen_equals_rejected"] : [],
    warnings: [],
    messages: [...(example.prompt as Message[]), chosen!],
  };
}
