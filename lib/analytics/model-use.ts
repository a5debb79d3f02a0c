import "server-only";
import { modelUseRows, type RubberStampRule } from "@/lib/analytics/sql/model-use";
import type { LabelerModelUse, ModelUse } from "@/lib/analytics/types";

/**
 * A response counts as rubber-stamped when the labeler kept at least 98 % of the model's draft and
 * submitted it in less active time than it takes to read it: 10 s plus 100 ms per token of the
 * response (about 450 words a minute, twice a usual reading pace). Decision 019 says why.
 */
export const RUBBER_STAMP: RubberStampRule = { minShareKept: 0.98, baseMs: 10_000, msPerToken: 100 };

/**
 * How each labeler used the project's model (docs/review.md "Metrics"): of the responses they
 * submitted (`submitted`, from the labeler table), how many started from a draft, the median share
 * of the draft kept, and how many look rubber-stamped. Every labeler in `labelers` gets a row, those
 * who never started from a draft too.
 */
export async function modelUse(
  projectId: string,
  labelers: ReadonlyArray<{ id: string; name: string; submitted: number }>,
): Promise<ModelUse> {
  const rows = new Map((await modelUseRows(projectId, RUBBER_STAMP)).map((r) => [r.id, r]));
  const byLabeler = labelers.map(({ id, name, submitted }): LabelerModelUse => {
    const row = rows.get(id);
    const fromDraft = Number(row?.from_draft ?? 0);
    return {
      id,
      name,
      submitted,
      fromDraft,
      fromDraftShare: submitted === 0 ? null : fromDraft / submitted,
      medianShareKept: row?.median_share_kept ?? null,
      rubberStamped: Number(row?.rubber_stamped ?? 0),
    };
  });
  return { rubberStamp: RUBBER_STAMP, labelers: byLabeler };
}
