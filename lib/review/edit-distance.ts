/**
 * How much a text changed between two versions (e.g. what a labeler submitted and what was
 * finally accepted), for quality analytics: the Levenshtein distance over Unicode code points
 * (insertions, deletions and substitutions cost 1), normalised by the longer text's length.
 * docs/review.md gives the formula.
 */

/** Levenshtein(a, b) / max(|a|, |b|) in code points: 0 for identical texts, 1 for nothing in common. */
export function normalizedEditDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const longer = Math.max(x.length, y.length);
  return longer === 0 ? 0 : levenshteinOf(x, y) / longer;
}

/** The same for a response's turns: joined with a blank line, as a reader would see them. */
export function turnsEditDistance(before: readonly string[], after: readonly string[]): number {
  return normalizedEditDistance(before.join("\n\n"), after.join("\n\n"));
}

/** The Levenshtein distance between two strings, over code points. */
export function levenshtein(a: string, b: string): number {
  return levenshteinOf(Array.from(a), Array.from(b));
}

/**
 * Edits usually touch a small part of a long text, so the common prefix and suffix go first;
 * the rest runs Myers' bit-parallel algorithm (J. ACM 46(3), 1999) in blocks of 32 rows, in
 * O(⌈m/32⌉·n) word operations instead of the O(m·n) cells of the textbook table.
 */
function levenshteinOf(a: readonly string[], b: readonly string[]): number {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // The shorter rest is the pattern (rows): fewer blocks.
  const [pattern, text] =
    endA - start <= endB - start
      ? [a.slice(start, endA), b.slice(start, endB)]
      : [b.slice(start, endB), a.slice(start, endA)];
  if (pattern.length === 0) return text.length;
  return myers(pattern, text);
}

function myers(pattern: readonly string[], text: readonly string[]): number {
  const m = pattern.length;
  const n = text.length;
  // Characters as small integers; a text character absent from the pattern never matches (-1).
  const alphabet = new Map<string, number>();
  const rows = pattern.map((ch) => alphabet.get(ch) ?? alphabet.set(ch, alphabet.size).get(ch)!);
  const columns = Int32Array.from(text, (ch) => alphabet.get(ch) ?? -1);

  // Horizontal deltas (+1 / -1) of the row between two blocks, one bit per column. The top row
  // D[0][j] = j rises by 1 in every column.
  const words = Math.ceil(n / 32);
  const hPlus = new Int32Array(words).fill(-1);
  const hMinus = new Int32Array(words);
  const blocks = Math.ceil(m / 32);
  let score = m;

  for (let block = 0; block < blocks; block++) {
    const first = block * 32;
    const size = Math.min(32, m - first);
    const last = block === blocks - 1;
    const peq = new Int32Array(alphabet.size);
    for (let r = 0; r < size; r++) peq[rows[first + r]!]! |= 1 << r;
    // Vertical deltas of the block's rows in column 0: D[i][0] = i rises by 1 each row.
    let pv = -1;
    let mv = 0;
    for (let j = 0; j < n; j++) {
      const c = columns[j]!;
      const eq = c < 0 ? 0 : peq[c]!;
      const word = j >>> 5;
      const bit = 1 << (j & 31);
      const hinPlus = hPlus[word]! & bit ? 1 : 0;
      const hinMinus = hMinus[word]! & bit ? 1 : 0;
      const xv = eq | mv;
      // A falling delta entering from above acts as a match in the block's first row.
      const eqIn = eq | hinMinus;
      const xh = (((eqIn & pv) + pv) ^ pv) | eqIn;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (last) {
        if ((ph >>> (size - 1)) & 1) score++;
        if ((mh >>> (size - 1)) & 1) score--;
      } else {
        hPlus[word] = (ph >>> 31) & 1 ? hPlus[word]! | bit : hPlus[word]! & ~bit;
        hMinus[word] = (mh >>> 31) & 1 ? hMinus[word]! | bit : hMinus[word]! & ~bit;
      }
      ph = (ph << 1) | hinPlus;
      mh = (mh << 1) | hinMinus;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
  }
  return score;
}
