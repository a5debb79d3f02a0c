import { Buffer, isUtf8 } from "node:buffer";
import { AppError } from "@/lib/errors";

/** Chunks of a JSONL file as they arrive: bytes (a Node Readable, a request body) or text. */
export type JsonlSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * One physical line, 1-based, without its "\n" and trailing "\r". `text` is null when the line is longer than
 * the limit: it was counted (`bytes`) but not kept, so one huge line cannot fill memory.
 */
export type JsonlLine = { line: number; bytes: number; text: string | null };

const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Splits a stream into lines with the rules of parsePromptsJsonl (a leading BOM is dropped, only "\n" ends a
 * line, a trailing "\r" is dropped), holding at most one line in memory. The split is on bytes: 0x0A never
 * occurs inside a multi-byte UTF-8 character, so a chunk may end anywhere, even inside a character. Each line
 * is checked to be UTF-8 as a whole; invalid UTF-8 stops the read (400 `bad_json`).
 */
export async function* readJsonlLines(
  source: JsonlSource,
  options: { maxLineBytes: number; onBytes?: (bytes: number) => void },
): AsyncGenerator<JsonlLine> {
  const keepLimit = options.maxLineBytes + 1; // room for the "\r" of a line of exactly the limit
  let line = 0;
  let pieces: Buffer[] = [];
  let size = 0; // bytes of the current line so far
  let kept = true; // false once the current line is past keepLimit and its pieces were dropped
  let lastByte = -1;
  let head: Buffer | null = Buffer.alloc(0); // the first bytes, until we know whether they start with a BOM

  const append = (piece: Buffer) => {
    if (piece.length === 0) return;
    size += piece.length;
    lastByte = piece[piece.length - 1]!;
    if (!kept) return;
    if (size > keepLimit) {
      kept = false;
      pieces = [];
    } else {
      pieces.push(piece);
    }
  };
  const finish = (): JsonlLine => {
    line += 1;
    const bytes = lastByte === CR ? size - 1 : size;
    let text: string | null = null;
    if (kept && bytes <= options.maxLineBytes) {
      const whole = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, size);
      const content = whole.subarray(0, bytes);
      if (!isUtf8(content))
        throw new AppError("bad_json", `Line ${line} is not valid UTF-8; nothing was imported`, { line });
      text = content.toString("utf8");
    }
    pieces = [];
    size = 0;
    kept = true;
    lastByte = -1;
    return { line, bytes, text };
  };

  for await (const chunk of source) {
    let bytes =
      typeof chunk === "string"
        ? Buffer.from(chunk, "utf8")
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    options.onBytes?.(bytes.length);
    if (head) {
      head = Buffer.concat([head, bytes]);
      if (head.length < BOM.length) continue;
      bytes = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head;
      head = null;
    }
    let start = 0;
    for (let end = bytes.indexOf(LF, start); end !== -1; end = bytes.indexOf(LF, start)) {
      append(bytes.subarray(start, end));
      yield finish();
      start = end + 1;
    }
    append(bytes.subarray(start));
  }
  if (head) append(head);
  if (size > 0) yield finish();
}
