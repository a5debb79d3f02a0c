/**
 * The start of a text on one line, for a card or a list row: whitespace runs collapsed, cut at
 * `chars` characters (code points, so an emoji is never split in half) with an ellipsis.
 */
export function excerpt(text: string, chars = 140): string {
  const line = text.replace(/\s+/g, " ").trim();
  const points = Array.from(line);
  return points.length > chars ? `${points.slice(0, chars).join("").trimEnd()}…` : line;
}
