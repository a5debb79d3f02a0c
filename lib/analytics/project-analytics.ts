import "server-only";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { readFromReplica } from "@/lib/db";
import { getProject } from "@/lib/projects/projects";
import type { ProjectAnalytics } from "@/lib/analytics/types";
import { labelerStats } from "@/lib/analytics/labeler-stats";
import { modelUse } from "@/lib/analytics/model-use";
import { reviewerStats } from "@/lib/analytics/reviewer-stats";
import { agreementByPair, pairCriteria, reviewPairs } from "@/lib/analytics/agreement-pairs";
import { fillMissingEditDistances } from "@/lib/analytics/stored-edit-distances";
import { dailyActivity, projectProgress } from "@/lib/analytics/project-progress";
import { agreementCsv, dailyCsv, labelersCsv, reviewersCsv, type CsvTable } from "@/lib/analytics/analytics-csv";

async function adminProject(actor: Actor, projectIdOrSlug: string) {
  assertCan(actor, "admin");
  return getProject(actor, projectIdOrSlug, "admin");
}

type AdminProject = Awaited<ReturnType<typeof adminProject>>;

/**
 * Quality analytics of one project, for admins (docs/review.md "Metrics"). Access is decided on the primary;
 * the figures are read from the replica (docs/scaling.md "A read replica").
 */
export async function projectAnalytics(actor: Actor, projectIdOrSlug: string): Promise<ProjectAnalytics> {
  const project = await adminProject(actor, projectIdOrSlug);
  // On the primary, before reading: distances of rows written before they were stored (none, once filled).
  await fillMissingEditDistances(project.id);
  return readFromReplica(() => analyticsOf(project));
}

async function analyticsOf(project: AdminProject): Promise<ProjectAnalytics> {
  const [progress, daily, labelers, pairs] = await Promise.all([
    projectProgress(project.id),
    dailyActivity(project.id),
    labelerStats(project.id),
    reviewPairs(project.id),
  ]);
  const [reviewers, modelUseStats] = await Promise.all([
    reviewerStats(project.id, pairs),
    modelUse(project.id, labelers),
  ]);
  const criteria = criteriaOf(project.rubric, [
    ...labelers.map((l) => l.meanScores),
    ...pairScores(pairCriteria(pairs)),
  ]);
  return {
    project: { id: project.id, slug: project.slug, name: project.name, responsesPerPrompt: project.responsesPerPrompt },
    generatedAt: new Date().toISOString(),
    criteria,
    progress,
    daily,
    labelers,
    reviewers,
    agreement: agreementByPair(
      pairs,
      criteria.map((c) => c.key),
    ),
    modelUse: modelUseStats,
  };
}

/** One table as CSV, computing only what that table needs. */
export async function projectAnalyticsCsv(actor: Actor, projectIdOrSlug: string, table: CsvTable) {
  const project = await adminProject(actor, projectIdOrSlug);
  await fillMissingEditDistances(project.id);
  return readFromReplica(() => csvOf(project, table));
}

async function csvOf(project: AdminProject, table: CsvTable) {
  const filename = `${project.slug}-${table}-${new Date().toISOString().slice(0, 10)}.csv`;
  const keys = (scores: ReadonlyArray<Record<string, number>>) => criteriaOf(project.rubric, scores).map((c) => c.key);
  switch (table) {
    case "labelers": {
      const labelers = await labelerStats(project.id);
      const drafts = await modelUse(project.id, labelers);
      return { filename, csv: labelersCsv(labelers, keys(labelers.map((l) => l.meanScores)), drafts.labelers) };
    }
    case "reviewers":
      return { filename, csv: reviewersCsv(await reviewerStats(project.id, await reviewPairs(project.id))) };
    case "agreement": {
      const pairs = await reviewPairs(project.id);
      const criteria = keys(pairScores(pairCriteria(pairs)));
      return { filename, csv: agreementCsv(agreementByPair(pairs, criteria), criteria) };
    }
    case "daily":
      return { filename, csv: dailyCsv(await dailyActivity(project.id)) };
  }
}

/** The criteria the judged pairs scored, as score records (criteriaOf reads their keys). */
const pairScores = (criteria: readonly string[]) => criteria.map((key) => ({ [key]: 0 }));

/** The rubric's criteria in its order, then keys only older reviews scored (the rubric changed since). */
function criteriaOf(
  rubric: ReadonlyArray<{ key: string; label: string }>,
  scores: ReadonlyArray<Record<string, number>>,
) {
  const criteria = rubric.map(({ key, label }) => ({ key, label }));
  const known = new Set(criteria.map((c) => c.key));
  const found = new Set(scores.flatMap((s) => Object.keys(s)));
  for (const key of [...found].sort()) if (!known.has(key)) criteria.push({ key, label: key });
  return criteria;
}
