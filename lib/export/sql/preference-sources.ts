/** What preference pairs of a project could come from (the rule in docs/formats.md), one row. */
export type PreferenceSourcesRow = {
  responses_per_prompt: number;
  single_slot_prompts: number;
  rankings: number;
  accepted_and_rejected: number;
  rewrites: number;
  candidate_rankings: number;
};

/**
 * Counts of the sources of pairs on single-slot prompts: reviewers' rankings, prompts that have both
 * an accepted and a rejected response, accepted responses that changed the model suggestion they
 * started from, and labelers' rankings of model candidates that came with a response. Used to say why a preference export is empty.
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
           WHERE w.project_id = p.id AND w.status = 'accepted') AS rewrites,
         (SELECT count(*)::int FROM candidate_rankings ck
            JOIN responses cw ON cw.task_id = ck.task_id
            JOIN prompts cp ON cp.id = cw.prompt_id AND cp.slot_count = 1
           WHERE ck.project_id = p.id AND ck.turn = 0) AS candidate_rankings
    FROM projects p WHERE p.id = $1::uuid`;
  return { text, values: [projectId] };
}
