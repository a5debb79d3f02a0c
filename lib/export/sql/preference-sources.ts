/** What preference pairs of a project could come from (the rule in docs/formats.md), one row. */
export type PreferenceSourcesRow = {
  responses_per_prompt: number;
  single_slot_prompts: number;
  rankings: number;
  accepted_and_rejected: number;
  rewrites: number;
};

/**
 * Counts of the sources of pairs on single-slot prompts: reviewers' rankings, prompts that have both
 * an accepted and a rejected response, and accepted responses that changed the model suggestion they
 * started from. Used to say why a preference export is empty.
 */
export function preferenceSourcesQuery(projectId: string) {
  const text = `SELECT p.responses_per_prompt,
         (SELECT count(*)::int FROM prompts WHERE project_id = p.id AND slot_count = 1) AS single_slot_prompts,
         (SELECT count(*)::int FROM rankings rk JOIN prompts rp ON rp.id = rk.prompt_id
           WHERE rp.project_id = p.id AND rp.slot_count = 1) AS rankings,
         (SELECT count(DISTINCT w.prompt_id)::int FROM responses w
            JOIN prompts wp ON wp.id = w.prompt_id AND wp.slot_count = 1
           WHERE w.project_id = p.id AND w.status = 'accepted'
             AND EXISTS (SELECT 1 FROM responses x WHERE x.prompt_id = w.prompt_id AND x.status = 'rejected')
         ) AS accepted_and_rejected,
         (SELECT count(*)::int FROM responses w
            JOIN prompts wp ON wp.id = w.prompt_id AND wp.slot_count = 1
            JOIN response_provenance rp ON rp.response_id = w.id AND rp.turn = 0 AND rp.edit_distance > 0
           WHERE w.project_id = p.id AND w.status = 'accepted') AS rewrites
    FROM projects p WHERE p.id = $1::uuid`;
  return { text, values: [projectId] };
}
