import type { Message } from "@/lib/conversation/types";
import { toJson } from "@/lib/export/json";

/**
 * One exported response: `conversation` is the JSON text of its filled messages as the database built
 * it (lib/export/sql/conversation.ts), so the default format needs no parsing at all.
 */
export type ResponseLine = { conversation: string; metadata?: object };

/** One preference pair: the shared prompt (JSON text of its messages) and the two final turns. */
export type PreferenceLine = { prompt: string; chosen: string; rejected: string; metadata?: object };

/**
 * What a format's checker found in one parsed line: error names (an empty list means the line is
 * valid), warnings, and the conversation to count tokens on when the line was readable.
 */
export type LineCheck = { errors: string[]; warnings: string[]; messages: Message[] | null };

/** `, "metadata": {…}` when asked for, so every format puts it last in the line. */
export function metadataSuffix(metadata: object | undefined): string {
  return metadata === undefined ? "" : `, "metadata": ${toJson(metadata)}`;
}

export function parseConversation(conversation: string): Message[] {
  return JSON.parse(conversation) as Message[];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
