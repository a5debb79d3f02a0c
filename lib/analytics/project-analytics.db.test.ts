import { beforeAll, describe, expect, it } from "vitest";
import { projectAnalytics, projectAnalyticsCsv } from "@/lib/analytics/project-analytics";
import { HOSTILE_NAME, seedHandComputedExample, type Example } from "@/lib/testing/hand-computed-example";
import type { ProjectAnalytics } from "@/lib/analytics/types";

// Every number below was computed by hand from the table in lib/testing/hand-computed-example.ts.
describe("project analytics on a hand-computed example", () => {
  let ex: Example;
  let stats: ProjectAnalytics;

  beforeAll(async () => {
    ex = await seedHandComputedExample();
    stats = await projectAnalytics(ex.admin.actor, ex.project.slug);
  });

  it("counts prompts done, in review and remaining", () => {
    // p1: A accepted + B rejected, 2 of 2 → done. p2: C accepted, D submitted → in review.
    // p3: E accepted, F needs_revision → in review. p4: only G (1 of 2) → remaining. p5: nothing → remaining.
    expect(stats.progress).toEqual({
      prompts: 5,
      done: 1,
      inReview: 2,
      remaining: 2,
      withAccepted: 4, // p1 (A), p2 (C), p3 (E), p4 (G)
      responses: { submitted: 1, accepted: 4, rejected: 1, needs_revision: 1 },
    });
  });

  it("gives daily throughput and acceptance per UTC day, quiet days included", () => {
    // Submitted: 02 → A B C; 03 → D E; 04 → none; 05 → F G.
    // Primary decisions: 02 → A accept; 03 → B reject, C edit, E revise; 05 → E accept, F revise, G accept.
    expect(stats.daily).toEqual([
      { date: "2026-03-02", submitted: 3, decided: 1, accepted: 1, rejected: 0, revise: 0, acceptanceRate: 1 },
      { date: "2026-03-03", submitted: 2, decided: 2, accepted: 1, rejected: 1, revise: 1, acceptanceRate: 0.5 },
      { date: "2026-03-04", submitted: 0, decided: 0, accepted: 0, rejected: 0, revise: 0, acceptanceRate: null },
      { date: "2026-03-05", submitted: 2, decided: 2, accepted: 2, rejected: 0, revise: 1, acceptanceRate: 1 },
    ]);
  });

  it("computes every labeler metric", () => {
    const l1 = stats.labelers.find((l) => l.id === ex.l1.actor.id)!;
    const l2 = stats.labelers.find((l) => l.id === ex.l2.actor.id)!;
    expect(stats.labelers).toHaveLength(2);
    // L1: A, C, E all accepted; E was sent back once. active 60/30/90 s → 60 s; tokens 100/40/70 → 70.
    // Scores over primary reviews A(R1) C(R2) E(R1 revise) E(R2): h (4+3+2+4)/4 = 3.25, o (5+4+3+4)/4 = 4.
    // Edit distance: A 0; C "abcd"→"abXd" 1/4; E "hello world"→"hello, world" 1/12 → (0 + 1/4 + 1/12)/3 = 1/9.
    expect(l1).toMatchObject({
      submitted: 3,
      decided: 3,
      accepted: 3,
      rejected: 0,
      revised: 1,
      needsRevision: 0,
      acceptanceRate: 1,
      medianActiveMs: 60_000,
      medianTokens: 70,
      meanScores: { helpfulness: 3.25, honesty: 4 },
      editedByReviewer: 1,
    });
    expect(l1.revisionRate).toBeCloseTo(1 / 3, 10);
    expect(l1.meanEditDistance).toBeCloseTo(1 / 9, 10);
    // L2: B rejected, D submitted, F needs_revision, G accepted → decided 2 (B, G); F's revise is not
    // counted until F is decided. active 120/—/45/75 s → 75 s; tokens 50/80/20/60 → (50+60)/2 = 55.
    // Scores: B(R1) h2 o3, G(R2) h5 o5 (F's review has none) → 3.5, 4. Edit: G unchanged → 0.
    expect(l2).toEqual({
      id: ex.l2.actor.id,
      name: HOSTILE_NAME,
      submitted: 4,
      decided: 2,
      accepted: 1,
      rejected: 1,
      revised: 0,
      needsRevision: 1,
      acceptanceRate: 0.5,
      revisionRate: 0,
      medianActiveMs: 75_000,
      medianTokens: 55,
      meanScores: { helpfulness: 3.5, honesty: 4 },
      meanEditDistance: 0,
      editedByReviewer: 0,
    });
  });

  it("computes every reviewer metric", () => {
    const byId = new Map(stats.reviewers.map((r) => [r.id, r]));
    expect(stats.reviewers).toHaveLength(3);
    // R1: decides A accept, B reject, E revise, F revise; second opinions on C and G.
    // Durations 30 60 50 40 10 5 s → sorted 5 10 30 40 50 60 → (30+40)/2 = 35 s.
    // Paired on A B C G with R2: agreed on A, B, G → 3/4.
    expect(byId.get(ex.r1.actor.id)).toMatchObject({
      decisions: 4,
      byDecision: { accept: 1, reject: 1, revise: 2, edit: 0 },
      secondOpinions: 2,
      medianDurationMs: 35_000,
      pairedResponses: 4,
      observedAgreement: 0.75,
    });
    // R2: decides C edit, E accept, G accept; second opinions on A and B. 90 25 15 20 40 s → 25 s.
    // Paired on A B C G (with R1) and E (with R3): agreed on A B G E → 4/5.
    expect(byId.get(ex.r2.actor.id)).toMatchObject({
      decisions: 3,
      byDecision: { accept: 2, reject: 0, revise: 0, edit: 1 },
      secondOpinions: 2,
      medianDurationMs: 25_000,
      pairedResponses: 5,
      observedAgreement: 0.8,
    });
    // R3: one second opinion (E), no duration measured.
    expect(byId.get(ex.r3.actor.id)).toMatchObject({
      decisions: 0,
      secondOpinions: 1,
      medianDurationMs: null,
      pairedResponses: 1,
      observedAgreement: 1,
    });
  });

  it("measures agreement per reviewer pair", () => {
    expect(stats.agreement).toHaveLength(2);
    const [r1r2, r2r3] = stats.agreement;
    expect(r1r2!.reviewers.map((r) => r.id).sort()).toEqual([ex.r1.actor.id, ex.r2.actor.id].sort());
    // Accept? R1/R2: A yes/yes, B no/no, C no/yes (edit = accept), G yes/yes.
    // p_o = 3/4; p(R1) = 2/4, p(R2) = 3/4; p_e = .5·.75 + .5·.25 = .5; κ = (.75 − .5)/(1 − .5) = .5.
    // |Δh|: A 0, B 1, C 1, G 1 → 3/4. |Δo|: A 0, B 0, G 2 (C's second opinion has no honesty) → 2/3.
    expect(r1r2).toMatchObject({ responses: 4, observedAgreement: 0.75, kappa: 0.5 });
    expect(r1r2!.meanAbsoluteDifference.helpfulness).toEqual({ mean: 0.75, n: 4 });
    expect(r1r2!.meanAbsoluteDifference.honesty!.n).toBe(3);
    expect(r1r2!.meanAbsoluteDifference.honesty!.mean).toBeCloseTo(2 / 3, 10);
    expect(r1r2!.meanAbsoluteDifference.harmlessness).toBeUndefined();
    // E pairs R3's second opinion with R2's accept (the decision it judged), not R1's earlier revise.
    // Both accepted: p_o = 1, p_e = 1·1 + 0·0 = 1 → κ undefined. |Δh| = |4−3| = 1, |Δo| = 0.
    expect(r2r3!.reviewers.map((r) => r.id).sort()).toEqual([ex.r2.actor.id, ex.r3.actor.id].sort());
    expect(r2r3).toMatchObject({
      responses: 1,
      observedAgreement: 1,
      kappa: null,
      meanAbsoluteDifference: { helpfulness: { mean: 1, n: 1 }, honesty: { mean: 0, n: 1 } },
    });
  });

  it("lists the rubric's criteria in order", () => {
    expect(stats.criteria.map((c) => c.key)).toEqual(["helpfulness", "honesty", "harmlessness", "guidelines"]);
  });

  it("writes each table as CSV with the same numbers, names quoted and defused", async () => {
    const { filename, csv } = await projectAnalyticsCsv(ex.admin.actor, ex.project.id, "labelers");
    expect(filename).toMatch(new RegExp(`^${ex.project.slug}-labelers-\\d{4}-\\d\\d-\\d\\d\\.csv$`));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "labeler_id,labeler,submitted,decided,accepted,rejected,revised,needs_revision,acceptance_rate,revision_rate," +
        "median_active_ms,median_tokens,mean_score_helpfulness,mean_score_honesty,mean_score_harmlessness," +
        "mean_score_guidelines,mean_edit_distance,edited_by_reviewer,from_draft,from_draft_share,median_share_kept," +
        "rubber_stamped",
    );
    expect(lines).toContain(
      `${ex.l2.actor.id},"'=HYPERLINK(""http://evil.example"",""Ben""), the second",4,2,1,1,0,1,0.5,0,75000,55,3.5,4,,,0,0,0,0,,0`,
    );
    const daily = (await projectAnalyticsCsv(ex.admin.actor, ex.project.id, "daily")).csv;
    expect(daily).toBe(
      "date,submitted,decided,accepted,rejected,revise,acceptance_rate\r\n" +
        "2026-03-02,3,1,1,0,0,1\r\n2026-03-03,2,2,1,1,1,0.5\r\n2026-03-04,0,0,0,0,0,\r\n2026-03-05,2,2,2,0,1,1\r\n",
    );
    const agreement = (await projectAnalyticsCsv(ex.admin.actor, ex.project.id, "agreement")).csv.split("\r\n");
    expect(agreement[0]).toBe(
      "reviewer_a_id,reviewer_a,reviewer_b_id,reviewer_b,responses,observed_agreement,kappa," +
        "mean_abs_diff_helpfulness,n_helpfulness,mean_abs_diff_honesty,n_honesty," +
        "mean_abs_diff_harmlessness,n_harmlessness,mean_abs_diff_guidelines,n_guidelines",
    );
    expect(agreement[1]).toMatch(/,4,0\.75,0\.5,0\.75,4,0\.666666\d*,3,,0,,0$/);
    const reviewers = (await projectAnalyticsCsv(ex.admin.actor, ex.project.id, "reviewers")).csv;
    expect(reviewers).toContain(`${ex.r1.actor.id},${ex.r1.actor.name},4,1,1,2,0,2,35000,4,0.75\r\n`);
  });

  it("is for admins only", async () => {
    await expect(projectAnalytics(ex.r1.actor, ex.project.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(projectAnalytics(ex.l1.actor, ex.project.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});
