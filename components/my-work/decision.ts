/** A reviewer's decision as its author reads it, and the colour of its mark. */
export const DECISION: Record<string, { label: string; tone: "ok" | "danger" | "warn" }> = {
  accept: { label: "Accepted", tone: "ok" },
  edit: { label: "Edited and accepted", tone: "ok" },
  reject: { label: "Rejected", tone: "danger" },
  revise: { label: "Sent back for revision", tone: "warn" },
};

export const decisionOf = (decision: string) => DECISION[decision] ?? { label: decision, tone: "warn" as const };
