import "server-only";
import { prisma } from "@/lib/db";

/** What a median is taken of: a labeler's active time and tokens per response, a reviewer's review time. */
export type MedianMetric = "active_ms" | "tokens" | "review_ms";

export type MedianRow = { user_id: string; metric: MedianMetric; median: number };

/**
 * Per user and metric of one project, the median as percentile_cont(0.5) takes it (the mean of the two middle
 * values for an even count, in float8), from the bucketed summaries: the bucket counts locate the middle
 * positions, and only the one or two buckets they fall in are read and sorted (the values are not carried
 * through the window sort: that would read every bucket's array). Users without values are absent.
 */
export function medianRows(projectId: string, metrics: readonly MedianMetric[]): Promise<MedianRow[]> {
  return prisma.$queryRaw<MedianRow[]>`
    WITH b AS (
      SELECT user_id, metric, bucket, n,
             (sum(n) OVER (PARTITION BY user_id, metric ORDER BY bucket))::bigint - n AS before,
             (sum(n) OVER (PARTITION BY user_id, metric))::bigint AS total
        FROM analytics_medians
       WHERE project_id = ${projectId}::uuid AND metric = ANY(${metrics}::text[]) AND n > 0
    ), middle AS (
      SELECT user_id, metric, (total - 1) / 2 AS lo, total / 2 AS hi FROM b GROUP BY user_id, metric, total
    ), picked AS (
      SELECT m.user_id, m.metric, k.which,
             (SELECT v FROM analytics_medians am CROSS JOIN LATERAL unnest(am.vals) AS v
               WHERE am.project_id = ${projectId}::uuid AND am.user_id = b.user_id AND am.metric = b.metric
                 AND am.bucket = b.bucket
               ORDER BY v OFFSET k.pos - b.before LIMIT 1) AS value
        FROM middle m
       CROSS JOIN LATERAL (VALUES ('lo', m.lo), ('hi', m.hi)) AS k(which, pos)
        JOIN b ON b.user_id = m.user_id AND b.metric = m.metric AND k.pos >= b.before AND k.pos < b.before + b.n
    )
    SELECT user_id, metric,
           lo.value::float8 + 0.5 * (hi.value::float8 - lo.value::float8) AS median
      FROM (SELECT user_id, metric, value FROM picked WHERE which = 'lo') lo
      JOIN (SELECT user_id, metric, value FROM picked WHERE which = 'hi') hi USING (user_id, metric)`;
}
