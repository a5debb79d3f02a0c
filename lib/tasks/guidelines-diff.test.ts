import { describe, expect, it } from "vitest";
import { guidelinesDiff } from "@/lib/tasks/guidelines-diff";

describe("guidelinesDiff (the labeler's 'what changed' banner)", () => {
  it("marks the changed words inside a changed line, not the whole line", () => {
    const parts = guidelinesDiff("# Rules\n\nBe brief and kind.\n", "# Rules\n\nBe thorough and kind.\n");
    expect(parts).toContainEqual({ kind: "removed", text: "brief" });
    expect(parts).toContainEqual({ kind: "added", text: "thorough" });
    expect(
      parts
        .filter((p) => p.kind === "same")
        .map((p) => "text" in p && p.text)
        .join(""),
    ).toContain(" and kind.");
  });

  it("shows added and removed lines whole", () => {
    const parts = guidelinesDiff("a\nb\n", "a\nb\nc — new rule\n");
    expect(parts.at(-1)).toEqual({ kind: "added", text: "c — new rule\n" });
  });

  it("folds long unchanged stretches and keeps two lines of context around a change", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const after = [...lines.slice(0, 15), "inserted", ...lines.slice(15)];
    const parts = guidelinesDiff(lines.join("\n"), after.join("\n"));
    expect(parts[0]).toEqual({ kind: "skip", lines: 13 });
    expect(parts[1]).toEqual({ kind: "same", text: "line 13\nline 14\n" });
    expect(parts[2]).toEqual({ kind: "added", text: "inserted\n" });
    expect(parts[3]).toEqual({ kind: "same", text: "line 15\nline 16\n" });
    expect(parts[4]).toEqual({ kind: "skip", lines: 13 });
  });

  it("keeps markup as plain text (the screen renders it as text)", () => {
    const parts = guidelinesDiff("ok\n", "ok\n<img src=x onerror=alert(1)>\n");
    expect(parts).toContainEqual({ kind: "added", text: "<img src=x onerror=alert(1)>\n" });
  });
});
