"use client";

import type { Tokenizer } from "@/lib/tokenizer/encodings";
import { TokenizationCache } from "@/lib/tokenizer/cache";
import type { TokenizedText } from "@/lib/tokenizer/tokenize";

export type TokenizeRequest = { id: number; tokenizer: Tokenizer; texts: string[] };
export type TokenizeResponse = { id: number; results: TokenizedText[] } | { id: number; error: string };

/** Shared by every protocol view of the page, so closing and reopening the view costs nothing. */
export const tokenCache = new TokenizationCache(128);

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (results: TokenizedText[]) => void; reject: (error: Error) => void }>();

function startWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL("./tokenizer.worker.ts", import.meta.url));
    worker.onmessage = ({ data }: MessageEvent<TokenizeResponse>) => {
      const request = waiting.get(data.id);
      waiting.delete(data.id);
      if ("error" in data) request?.reject(new Error(data.error));
      else request?.resolve(data.results);
    };
    worker.onerror = () => {
      // A worker that cannot start (blocked by a policy, a failed chunk): fall back to this thread.
      worker?.terminate();
      worker = null;
      for (const [id, request] of waiting) {
        waiting.delete(id);
        request.reject(new Error("worker failed"));
      }
    };
  } catch {
    worker = null;
  }
  return worker;
}

async function onThisThread(tokenizer: Tokenizer, texts: string[]): Promise<TokenizedText[]> {
  const [{ tokenizeText }, { TOKEN_SPLIT }, encoding] = await Promise.all([
    import("@/lib/tokenizer/tokenize"),
    import("@/lib/tokenizer/bounded"),
    tokenizer === "cl100k_base"
      ? import("gpt-tokenizer/encoding/cl100k_base")
      : import("gpt-tokenizer/encoding/o200k_base"),
  ]);
  return texts.map((text) => tokenizeText(encoding, text, TOKEN_SPLIT[tokenizer]));
}

/** Tokenizes the texts the cache lacks (in the worker), stores them, and resolves when all are in. */
export async function tokenizeMissing(tokenizer: Tokenizer, texts: readonly string[]): Promise<void> {
  // The conversation, plus room for the versions of the turn being typed.
  tokenCache.fit(texts.length + 64);
  const missing = tokenCache.missing(tokenizer, texts);
  if (missing.length === 0) return;
  const target = startWorker();
  let results: TokenizedText[];
  if (target) {
    const id = nextId++;
    results = await new Promise<TokenizedText[]>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      target.postMessage({ id, tokenizer, texts: missing } satisfies TokenizeRequest);
    }).catch(() => onThisThread(tokenizer, missing));
  } else {
    results = await onThisThread(tokenizer, missing);
  }
  for (const result of results) tokenCache.set(tokenizer, result);
}
