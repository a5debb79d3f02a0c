import Link from "next/link";
import type { Waiting } from "@/lib/analytics/my-work";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/**
 * Work waiting outside the queue, as links into My work: responses a reviewer sent back, and
 * skipped prompts whose draft was kept. Nothing when nothing waits.
 */
export function WaitingLinks({ waiting }: { waiting: Waiting }) {
  if (waiting.sentBack === 0 && waiting.skippedDrafts === 0) return null;
  return (
    <div className="stack" data-testid="waiting-links">
      {waiting.sentBack > 0 && (
        <p className="alert alert-warn">
          <strong>{plural(waiting.sentBack, "response", "responses")} sent back to you</strong> for a revision.{" "}
          <Link href="/my-work#sent-back">See what the reviewers asked</Link>
        </p>
      )}
      {waiting.skippedDrafts > 0 && (
        <p className="alert alert-info">
          {plural(waiting.skippedDrafts, "skipped prompt still has", "skipped prompts still have")} your draft.{" "}
          <Link href="/my-work#skipped-heading">
            Return to {waiting.skippedDrafts === 1 ? "it" : "them"} from My work
          </Link>
        </p>
      )}
    </div>
  );
}
