import "server-only";
import { prisma } from "@/lib/db";

/** What a median is taken of: a labeler's active time and tokens per response, a reviewer's review time. */
export type MedianMetric = "active_ms" | "tokens" | "review_ms";

export type MedianRow = { user_id: string; metric: MedianMetric; median: number };

/**
 * Per user and metric of one project, the median as percentile_cont(0.5) takes it (the mean of the two middle
 * values for an even count, in float8), from the bucketed summaries. The users with values are found by a skip
 * over the primary key (one probe per user); each user's buckets of a metric are read in bucket order from the
 * primary key, so their running counts (the values before each bucket, the user's total) need no sort of the
 * project's buckets; they pick the one or two buckets the middle positions fall in, and only those are read and
 * sorted. Each user and metric is then one group of at most two picked values. Users without values are absent.
 */
export function medianRows(projectId: string, metrics: readonly MedianMetric[]): Promise<MedianRow[]> {
  return prisma.$queryRaw<MedianRow[]>`
    WITH RECURSIVE users_of AS (
      (SELECT user_id FROM analytics_medians WHERE project_id = ${projectId}::uuid ORDER BY user_id LIMIT 1)
      UNION ALL
      SELECT (SELECT m.user_id FROM analytics_medians m
               WHERE m.project_id = ${projectId}::uuid AND m.user_id > u.user_id ORDER BY m.user_id LIMIT 1)
        FROM users_of u WHERE u.user_id IS NOT NULL
    ), b AS (
      SELECT u.user_id, mt.metric, x.bucket, x.n, x.before, x.total
        FROM users_of u
       CROSS JOIN unnest(${metrics}::text[]) AS mt(metric)
       CROSS JOIN LATERAL (
         SELECT bucket, n, (sum(n) OVER (ORDER BY bucket))::bigint - n AS before, (sum(n) OVER ())::bigint AS total
           FROM analytics_medians
          WHERE project_id = ${projectId}::uuid AND user_id = u.user_id AND metric = mt.metric AND n > 0) x
       WHERE u.user_id IS NOT NULL
    ), picked AS (
      SELECT b.user_id, b.metric, k.which,
             (SELECT v FROM analytics_medians am CROSS JOIN LATERAL unnest(am.vals) AS v
               WHERE am.project_id = ${projectId}::uuid AND am.user_id = b.user_id AND am.metric = b.metric
                 AND am.bucket = b.bucket
               ORDER BY v OFFSET k.pos - b.before LIMIT 1) AS value
        FROM b
       CROSS JOIN LATERAL (VALUES ('lo', (b.total - 1) / 2), ('hi', b.total / 2)) AS k(which, pos)
       WHERE k.pos >= b.before AND k.pos < b.before + b.n
    )
    SELECT user_id, metric, lo::float8 + 0.5 * (hi::float8 - lo::float8) AS median
      FROM (SELECT user_id, metric,
                   min(value) FILTER (WHERE which = 'lo') AS lo, min(value) FILTER (WHERE which = 'hi') AS hi
              FROM picked
             GROUP BY user_id, metric) m`;
}
