import type { ExportFormat } from "@/lib/export/schemas";
import { checkOpenAiLine } from "@/lib/export/validate-openai";
import { renderOpenAi } from "@/lib/export/formats/openai";
import { checkShareGptLine, renderShareGpt } from "@/lib/export/formats/sharegpt";
import { checkChatMlLine, renderChatMl } from "@/lib/export/formats/chatml";
import { checkPromptCompletionLine, renderPromptCompletion } from "@/lib/export/formats/prompt-completion";
import { checkPreferenceLine, renderPreference } from "@/lib/export/formats/preference";
import type { LineCheck, PreferenceLine, ResponseLine } from "@/lib/export/formats/types";

/** Every export format: one line per response, except preference (one line per pair). */
export const RESPONSE_RENDERERS: Record<Exclude<ExportFormat, "preference">, (line: ResponseLine) => string> = {
  openai: renderOpenAi,
  sharegpt: renderShareGpt,
  chatml: renderChatMl,
  "prompt-completion": renderPromptCompletion,
};

export const renderPreferenceLine: (line: PreferenceLine) => string = renderPreference;

/** Each format's checker, shared by the tests of the export and `npm run exemplar -- validate`. */
export const LINE_CHECKERS: Record<ExportFormat, (example: unknown) => LineCheck> = {
  openai: checkOpenAiLine,
  sharegpt: checkShareGptLine,
  chatml: checkChatMlLine,
  "prompt-completion": checkPromptCompletionLine,
  preference: checkPreferenceLine,
};
