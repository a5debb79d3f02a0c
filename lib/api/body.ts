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
  const text = await readTextBody(request, MAX_JSON_BYTES);
  if (!text.trim()) {
    if (options.optional) return {};
    throw new AppError("bad_json", "The body is empty; send a JSON object");
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new AppError("bad_json", `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The body is larger than the limit of ${limit} bytes`, { limit });
}
