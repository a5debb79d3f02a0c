import { AppError } from "@/lib/errors";

/**
 * JSON bodies: room for a draft of several long turns (MAX_TURN_CHARS each, up to 3 bytes a
 * character in UTF-8); imports have their own, larger limit.
 */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Reads a request body as UTF-8 text, refusing bodies over `limit` bytes with 413 while
 * reading (not after buffering all of it) and invalid UTF-8 with 400.
 */
export async function readTextBody(request: Request, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of streamBody(request, limit)) chunks.push(chunk);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("bad_json", "The body is not valid UTF-8");
  }
}

/**
 * The request body as it arrives, never holding more than a chunk: a declared Content-Length over `limit` is
 * refused at once (413), an undeclared one as soon as the bytes read pass it. Stopping early cancels the body.
 */
export function streamBody(request: Request, limit: number): AsyncIterable<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > limit) throw tooLarge(limit);
  return readLimited(request.body, limit);
}

async function* readLimited(body: ReadableStream<Uint8Array> | null, limit: number): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  let size = 0;
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      size += next.value.byteLength;
      if (size > limit) throw tooLarge(limit);
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
  }
}

export async function readJsonBody(request: Request, options: { optional?: boolean } = {}): Promise<unknown> {
  const text = (await readTextBody(request, MAX_JSON_BYTES)).replace(/^\uFEFF/, "");
  if (!text.trim()) {
    if (options.optional) return {};
    throw new AppError("bad_json", "The body is empty; send a JSON object");
  }
  checkJsonText(text);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("bad_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Far deeper than any request body of this API; walking (or storing) deeper values recurses. */
const MAX_JSON_DEPTH = 64;

/**
 * What JSON.parse accepts but nothing after it can take, found in one pass over the text: nesting
 * past MAX_JSON_DEPTH, and `\u0000`, which PostgreSQL text and jsonb cannot store (it would fail
 * as a 500 deep in a write). A raw NUL byte is already invalid JSON.
 */
function checkJsonText(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x22)
        inString = false; // "
      else if (c === 0x5c) {
        // \ starts an escape; \u0000 is the only way to write NUL in valid JSON.
        if (text.startsWith("u0000", i + 1))
          throw new AppError("bad_json", "The body contains a NUL character (\\u0000), which cannot be stored");
        i += 1;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      // [ {
      if (++depth > MAX_JSON_DEPTH)
        throw new AppError("bad_json", `The body is nested more than ${MAX_JSON_DEPTH} levels deep`);
    } else if (c === 0x5d || c === 0x7d) depth -= 1; // ] }
  }
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The body is larger than the limit of ${formatBytes(limit)}`, { limit });
}

/** "16 MiB (16,777,216 bytes)": readable, and exact for anyone comparing with Content-Length. */
function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString("en-US")} bytes`;
  for (const [unit, size] of [
    ["GiB", 2 ** 30],
    ["MiB", 2 ** 20],
    ["KiB", 2 ** 10],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit} (${exact})`;
  }
  return exact;
}
