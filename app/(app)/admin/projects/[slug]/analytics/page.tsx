import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { projectAnalytics } from "@/lib/analytics/project-analytics";
import { orNotFound } from "@/lib/pages/or-not-found";
import { ActivityCharts } from "@/components/analytics/activity-charts";
import { AgreementTable } from "@/components/analytics/agreement-table";
import { CsvLink } from "@/components/analytics/csv-link";
import { LabelerTable } from "@/components/analytics/labeler-table";
import { ModelUseTable, rubberStampRule } from "@/components/analytics/model-use-table";
import { ProgressSummary } from "@/components/analytics/progress-summary";
import { ReviewerTable } from "@/components/analytics/reviewer-table";
import styles from "@/components/analytics/analytics.module.css";

export const metadata: Metadata = { title: "Analytics" };

type Props = { params: Promise<{ slug: string }> };

/** Quality analytics of one project; docs/review.md "Metrics" defines every number. */
export default async function ProjectAnalyticsPage({ params }: Props) {
  const actor = await requireActor("admin");
  const { slug } = await params;
  const stats = await orNotFound(projectAnalytics(actor, slug));
  const { project, criteria } = stats;

  return (
    <main className={`page stack ${styles.wide}`}>
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/admin/projects">Projects</Link> /{" "}
        <Link href={`/admin/projects/${project.slug}`}>{project.name}</Link> / Analytics
      </nav>
      <h1>Analytics: {project.name}</h1>

      <section className="stack" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress</h2>
        <ProgressSummary progress={stats.progress} responsesPerPrompt={project.responsesPerPrompt} />
      </section>

      <section className="card stack" aria-labelledby="activity-heading">
        <div className={styles.sectionHeader}>
          <h2 id="activity-heading">Activity</h2>
          <span className="muted small">Per day, in UTC</span>
          <span className={styles.download}>
            <CsvLink projectId={project.id} table="daily" label="daily activity" />
          </span>
        </div>
        <ActivityCharts daily={stats.daily} />
      </section>

      <section className="card stack" aria-labelledby="labelers-heading">
        <div className={styles.sectionHeader}>
          <h2 id="labelers-heading">Labelers</h2>
          <span className={styles.download}>
            <CsvLink projectId={project.id} table="labelers" label="the labelers table" />
          </span>
        </div>
        <p className={`muted small ${styles.hint}`}>
          Decided means accepted or rejected; an edit counts as accepted. Revised: decided responses that were sent back
          at least once. Scores are means over primary reviews (sent-back ones included; second opinions left out). Text
          changed: how far the final text is from what the labeler first submitted (normalised edit distance, 0 % for
          unchanged), over accepted responses.
        </p>
        <LabelerTable labelers={stats.labelers} criteria={criteria} />
      </section>

      <section className="card stack" aria-labelledby="model-use-heading">
        <div className={styles.sectionHeader}>
          <h2 id="model-use-heading">Model drafts</h2>
          <span className={styles.download}>
            <CsvLink projectId={project.id} table="labelers" label="the labelers table" />
          </span>
        </div>
        <p className={`muted small ${styles.hint}`}>
          From a draft: responses with a turn the labeler started from a model suggestion. Share kept: how much of the
          draft the labeler&rsquo;s submitted text kept (1 − edit distance / the draft&rsquo;s length), median over
          those responses. ⚑ Rubber-stamped: {rubberStampRule(stats.modelUse.rubberStamp)} — worth a look, not a
          verdict.
        </p>
        <ModelUseTable modelUse={stats.modelUse} />
      </section>

      <section className="card stack" aria-labelledby="reviewers-heading">
        <div className={styles.sectionHeader}>
          <h2 id="reviewers-heading">Reviewers</h2>
          <span className={styles.download}>
            <CsvLink projectId={project.id} table="reviewers" label="the reviewers table" />
          </span>
        </div>
        <ReviewerTable reviewers={stats.reviewers} />
      </section>

      <section className="card stack" aria-labelledby="agreement-heading">
        <div className={styles.sectionHeader}>
          <h2 id="agreement-heading">Agreement between reviewers</h2>
          <span className={styles.download}>
            <CsvLink projectId={project.id} table="agreement" label="the agreement table" />
          </span>
        </div>
        <p className={`muted small ${styles.hint}`}>
          Over responses one reviewer decided and the other gave the second opinion on. Cohen&rsquo;s κ corrects
          agreement on accept-vs-not for chance (1 = perfect, 0 = no better than chance); score columns are the mean
          absolute difference between the two reviewers&rsquo; scores, 0 to 4.
        </p>
        <AgreementTable pairs={stats.agreement} criteria={criteria} />
      </section>
    </main>
  );
}
