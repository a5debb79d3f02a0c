/**
 * Turns the bytes of `COPY (SELECT line …) TO STDOUT (FORMAT binary)` for a one-column text query
 * into JSONL: each row's text followed by "\n". Binary COPY sends text values as their raw UTF-8
 * bytes framed by lengths, so the lines go from the database's socket to the client as bytes,
 * never decoded into JavaScript strings and encoded back (the cost that held the cursor path to
 * about half of COPY's speed; docs/performance.md).
 *
 * Format (PostgreSQL docs, "COPY … Binary Format"): an 11-byte signature, a 32-bit flags field and a
 * 32-bit header-extension length (plus that many bytes); then per row a 16-bit field count (−1 ends
 * the data), and per field a 32-bit length (−1 is NULL) and the value's bytes. Chunks may split
 * any of these anywhere; the parser keeps its state between them.
 */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const NEWLINE = 0x0a;

type State =
  | { at: "header" }
  | { at: "extension"; left: number }
  | { at: "fieldCount" }
  | { at: "fieldLength" }
  | { at: "data"; left: number }
  | { at: "end" };

export class BinaryCopyLines {
  /** Rows completed so far. */
  rows = 0;
  private state: State = { at: "header" };
  // Bytes of a fixed-size item (header, count, length) split across chunks.
  private partial = Buffer.alloc(0);

  /** The JSONL bytes this chunk completes or continues; may be empty. */
  push(chunk: Buffer): Buffer {
    // Output never exceeds the input plus one newline per row, and a row costs at least 6 input bytes.
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let size = 0;
    let i = 0;
    const need = (n: number): Buffer | null => {
      if (this.partial.length === 0 && chunk.length - i >= n) {
        const bytes = chunk.subarray(i, i + n);
        i += n;
        return bytes;
      }
      const take = Math.min(n - this.partial.length, chunk.length - i);
      this.partial = Buffer.concat([this.partial, chunk.subarray(i, i + take)]);
      i += take;
      if (this.partial.length < n) return null;
      const bytes = this.partial;
      this.partial = Buffer.alloc(0);
      return bytes;
    };
    while (i < chunk.length || this.state.at === "data") {
      const state = this.state;
      if (state.at === "header") {
        const header = need(SIGNATURE.length + 8);
        if (!header) break;
        if (!header.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("Not PostgreSQL binary COPY data");
        this.state = { at: "extension", left: header.readUInt32BE(SIGNATURE.length + 4) };
      } else if (state.at === "extension") {
        const skip = Math.min(state.left, chunk.length - i);
        i += skip;
        state.left -= skip;
        if (state.left > 0) break;
        this.state = { at: "fieldCount" };
      } else if (state.at === "fieldCount") {
        const count = need(2);
        if (!count) break;
        const fields = count.readInt16BE(0);
        if (fields === -1) {
          this.state = { at: "end" };
        } else if (fields !== 1) {
          throw new Error(`Expected one column per row, got ${fields}`);
        } else {
          this.state = { at: "fieldLength" };
        }
      } else if (state.at === "fieldLength") {
        const length = need(4);
        if (!length) break;
        const n = length.readInt32BE(0);
        if (n < 0) throw new Error("A line was NULL");
        this.state = { at: "data", left: n };
      } else if (state.at === "data") {
        const take = Math.min(state.left, chunk.length - i);
        if (take > 0) {
          size += chunk.copy(out, size, i, i + take);
          i += take;
          state.left -= take;
        }
        if (state.left > 0) break;
        out[size++] = NEWLINE;
        this.rows++;
        this.state = { at: "fieldCount" };
      } else {
        break; // after the trailer nothing more is expected
      }
    }
    return out.subarray(0, size);
  }

  /** True once the trailer arrived: the data is complete. */
  get done(): boolean {
    return this.state.at === "end";
  }
}

/**
 * Puts the bound parameters of a query into its text as quoted literals, for COPY, which takes no
 * parameters. `escapeLiteral` is the driver's quoting (PQescapeLiteral's rules); every value here was
 * already validated by the export's zod schema.
 */
export function inlineParameters(text: string, values: unknown[], escapeLiteral: (s: string) => string): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new Error(`No value for $${n}`);
    const value = values[index];
    if (value === null || value === undefined) return "NULL";
    const literal = value instanceof Date ? value.toISOString() : String(value);
    return escapeLiteral(literal);
  });
}
