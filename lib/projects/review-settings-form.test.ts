import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC } from "@/lib/review/rubric";
import { ReviewSettingsForm, ReviewSettingsInput } from "@/lib/projects/schemas";

const form = {
  blindReview: true,
  labelersSeeScores: false,
  secondOpinionPercent: "7",
  rejectReasons: "Wrong\n\n  Off topic  \n",
  rubric: DEFAULT_RUBRIC,
};

describe("ReviewSettingsForm", () => {
  it("maps a percentage to a rate and one reason a line to a list", () => {
    const out = ReviewSettingsForm.parse(form);
    expect(out.secondOpinionRate).toBe(0.07);
    expect(out.rejectReasons).toEqual(["Wrong", "Off topic"]);
    expect(ReviewSettingsInput.safeParse(out).success).toBe(true);
  });

  it("refuses a percentage outside 0..100 and a repeated reason", () => {
    const result = ReviewSettingsForm.safeParse({ ...form, secondOpinionPercent: "150", rejectReasons: "A\nA" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["secondOpinionPercent", "rejectReasons"]));
  });

  it("refuses a rubric key that is not lower-case", () => {
    const rubric = [{ ...DEFAULT_RUBRIC[0]!, key: "Bad Key" }];
    const result = ReviewSettingsForm.safeParse({ ...form, rubric });
    expect(result.error?.issues[0]?.path).toEqual(["rubric", 0, "key"]);
  });
});
