/**
 * The records of a JSONL text, checking its framing: one JSON value a line, each line ended by
 * "\n". Exports are compared as records, since JSON spacing is the serialiser's choice.
 */
export function parseJsonl(text: string): unknown[] {
  if (text !== "" && !text.endsWith("\n")) throw new Error("JSONL text must end with a newline");
  return text === ""
    ? []
    : text
        .slice(0, -1)
        .split("\n")
        .map((line) => JSON.parse(line));
}
