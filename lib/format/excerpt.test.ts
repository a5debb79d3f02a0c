import { describe, expect, it } from "vitest";
import { excerpt } from "@/lib/format/excerpt";

describe("excerpt", () => {
  it("puts a text on one line and keeps a short one whole", () => {
    expect(excerpt("  How do I\n\nreset   my password?  ")).toBe("How do I reset my password?");
  });

  it("cuts a long text at a character count, never inside an emoji", () => {
    expect(excerpt("abc def ghi", 7)).toBe("abc def…");
    expect(excerpt("ab 😀😀😀", 4)).toBe("ab 😀…");
  });
});
