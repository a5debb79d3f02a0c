import { StatusRegion } from "@/components/forms/form-message";

/** The confirmation after a decision, carried over the redirect in `?reviewed=`. */
export function ReviewedNotice({ reviewed, next = false }: { reviewed: string | undefined; next?: boolean }) {
  const decided = reviewed === "accepted" || reviewed === "rejected" ? reviewed : null;
  return (
    <StatusRegion>
      {decided && (
        <p className="alert alert-ok">
          Response {decided}.{" "}
          {next ? "Here is the next one waiting for review." : "Nothing else in this project is waiting for review."}
        </p>
      )}
    </StatusRegion>
  );
}
