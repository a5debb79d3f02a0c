import { describe, expect, it } from "vitest";
import { describeChange } from "@/lib/audit/describe-change";

describe("describeChange", () => {
  it("lists only the fields an update changed", () => {
    expect(
      describeChange({ role: "labeler", active: true }, { role: "reviewer", active: true, passwordChanged: false }),
    ).toEqual([
      { field: "role", before: "labeler", after: "reviewer" },
      { field: "passwordChanged", before: null, after: "false" },
    ]);
  });

  it("lists every field of a create, with nothing before", () => {
    expect(describeChange(null, { email: "a@example.test", role: "admin" })).toEqual([
      { field: "email", before: null, after: "a@example.test" },
      { field: "role", before: null, after: "admin" },
    ]);
  });

  it("prints nested values as JSON text and shortens long ones", () => {
    const [line] = describeChange(undefined, { scores: { honesty: 4 }, text: "x".repeat(500) }).slice(0, 1);
    expect(line).toEqual({ field: "scores", before: null, after: '{"honesty":4}' });
    const long = describeChange(undefined, { text: "x".repeat(500) })[0]!;
    expect(long.after!.length).toBe(160);
    expect(long.after!.endsWith("…")).toBe(true);
  });

  it("keeps hostile text as plain strings", () => {
    expect(describeChange({ name: "a" }, { name: "<img src=x onerror=alert(1)>" })).toEqual([
      { field: "name", before: "a", after: "<img src=x onerror=alert(1)>" },
    ]);
  });

  it("gives nothing for an event without before and after", () => {
    expect(describeChange(null, null)).toEqual([]);
  });
});
