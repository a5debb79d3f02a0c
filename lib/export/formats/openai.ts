import { metadataSuffix, type ResponseLine } from "@/lib/export/formats/types";

/**
 * `{"messages": […]}`: OpenAI chat fine-tuning JSONL and TRL's conversational format. The database
 * already wrote the messages as JSON, so this is string work only (the default format is the one
 * exported by the million, see docs/formats.md). Its checks are the cookbook's, in validate-openai.ts.
 */
export function renderOpenAi(line: ResponseLine): string {
  return `{"messages": ${line.conversation}${metadataSuffix(line.metadata)}}\n`;
}
