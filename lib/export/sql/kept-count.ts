/**
 * The project's responses with one export status (`all`: every status), from the per-labeler status counts the
 * writes keep (analytics_labelers, decision 021): one row per labeler, not one per response. A query for the
 * export's snapshot connection (pg), so the count and the lines come from one snapshot.
 */
export function keptResponseCountQuery(projectId: string, status: "accepted" | "submitted" | "all") {
  return {
    text: `SELECT coalesce(sum(CASE $2::text WHEN 'accepted' THEN l.accepted WHEN 'submitted' THEN l.submitted
                                             ELSE l.responses END), 0)::int AS n
             FROM analytics_labelers l
            WHERE l.project_id = $1::uuid`,
    values: [projectId, status],
  };
}
