import { StatusRegion } from "@/components/forms/form-message";

const DONE: Record<string, string> = {
  accepted: "Response accepted.",
  rejected: "Response rejected.",
  needs_revision: "Response sent back to its author for revision.",
  edited: "Your edit was saved and the response accepted.",
  second_opinion: "Second opinion recorded.",
};

/** The confirmation after a decision, carried over the redirect in `?reviewed=`. */
export function ReviewedNotice({ reviewed, next = false }: { reviewed: string | undefined; next?: boolean }) {
  const done = reviewed ? DONE[reviewed] : undefined;
  return (
    <StatusRegion>
      {done && (
        <p className="alert alert-ok">
          {done} {next ? "Here is the next one waiting for you." : "Nothing else in this queue is waiting for you."}
        </p>
      )}
    </StatusRegion>
  );
}
