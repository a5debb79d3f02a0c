import { describe, expect, it } from "vitest";
import { sameOriginTarget } from "@/lib/auth/callback-url";

const ORIGIN = "http://exemplar.test";

describe("where the login form goes after signing in", () => {
  it("keeps a page of this origin, as a path", () => {
    expect(sameOriginTarget("/projects/demo?tab=2#top", ORIGIN)).toBe("/projects/demo?tab=2#top");
    expect(sameOriginTarget(`${ORIGIN}/tokens`, ORIGIN)).toBe("/tokens");
    expect(sameOriginTarget("review", ORIGIN)).toBe("/review");
  });

  it("goes home for anything a browser would take to another origin", () => {
    for (const target of [
      "/\\evil.example",
      "\\\\evil.example",
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      " //evil.example",
      "https://evil.example/",
      "http://exemplar.test@evil.example/",
      "http://exemplar.test.evil.example/",
      "javascript:alert(1)",
      "data:text/html,hi",
      "http://[bad",
    ]) {
      expect(sameOriginTarget(target, ORIGIN), JSON.stringify(target)).toBe("/");
    }
    expect(sameOriginTarget(null, ORIGIN)).toBe("/");
  });
});
