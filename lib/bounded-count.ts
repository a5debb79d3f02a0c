/**
 * Counts a page shows but need not know exactly stop here (decision 022): counting a queue or the prompts
 * available through an index up to this many costs the same with a million rows as with a thousand, and the
 * page says "1,000+". The dearest such count, the prompts to rank, checks each prompt with two index lookups.
 */
export const COUNT_LIMIT = 1_000;

/** The count as a page shows it: "1,000+" once counting stopped at the limit (or `atLeast` says a sum of such counts did). */
export function countText(n: number, atLeast = n >= COUNT_LIMIT): string {
  return `${n.toLocaleString("en")}${atLeast ? "+" : ""}`;
}
