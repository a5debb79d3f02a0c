import Link from "next/link";

/**
 * For a reviewer on the app's home page (the labeling projects): what waits for their review, with
 * the way there, so a reviewer whose labeling is done does not read "nothing to do" while responses
 * wait for them. Nothing when nothing waits. Totals from reviewWaitingTotals (lib/review/review-home.ts).
 */
export function ReviewWaitingLink({ totals }: { totals: { waiting: number; secondOpinions: number; toRank: number } }) {
  const parts = [
    totals.waiting > 0 &&
      `${totals.waiting.toLocaleString("en")} ${totals.waiting === 1 ? "response waits" : "responses wait"} for your review`,
    totals.secondOpinions > 0 && `${totals.secondOpinions.toLocaleString("en")} for your second opinion`,
    totals.toRank > 0 && `${totals.toRank.toLocaleString("en")} ${totals.toRank === 1 ? "prompt" : "prompts"} to rank`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <p className="alert alert-info">
      {parts.join(", ")}. <Link href="/review">Go to review</Link>
    </p>
  );
}
