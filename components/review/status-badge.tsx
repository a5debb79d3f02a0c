const STYLE: Record<string, string> = {
  submitted: "badge badge-accent",
  accepted: "badge badge-ok",
  rejected: "badge badge-danger",
  needs_revision: "badge badge-warn",
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={STYLE[status] ?? "badge"}>{label ?? status.replace("_", " ")}</span>;
}
