import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { getProject, listGuidelinesVersions } from "@/lib/projects/projects";
import { projectStats } from "@/lib/projects/project-stats";
import { GuidelinesEditor } from "@/components/projects/guidelines-editor";
import { GuidelinesHistory } from "@/components/projects/guidelines-history";
import { ProjectSettingsForm } from "@/components/projects/project-settings-form";
import { ReviewSettingsForm } from "@/components/projects/review-settings-form";
import { PromptImport } from "@/components/projects/prompt-import";
import { StatCards } from "@/components/projects/stat-cards";
import { StatusRegion } from "@/components/forms/form-message";
import { orNotFound } from "@/lib/pages/or-not-found";
import { env } from "@/lib/env";
import { asTokenizer } from "@/lib/tokenizer/encodings";

export const metadata: Metadata = { title: "Project" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ created?: string }> };

export default async function ProjectPage({ params, searchParams }: Props) {
  const actor = await requireActor("admin");
  const [{ slug }, { created }] = await Promise.all([params, searchParams]);
  const project = await orNotFound(getProject(actor, slug));
  const [stats, versions] = await Promise.all([
    projectStats(actor, project.id),
    listGuidelinesVersions(actor, project.id),
  ]);
  const latest = versions[0];

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/admin/projects">Projects</Link> / {project.name}
      </nav>
      <div className="row">
        <h1>{project.name}</h1>
        <code className="muted">{project.slug}</code>
        <span className="spacer" />
        <Link href={`/review/${project.slug}`} className="button">
          Review
        </Link>
        <Link href={`/admin/projects/${project.slug}/analytics`} className="button">
          Analytics
        </Link>
        {/* A plain link: the API answers with a file download, not a page. */}
        <a href={`/api/v1/projects/${project.id}/export`} className="button" download>
          Export accepted (JSONL)
        </a>
      </div>
      <StatusRegion>
        {created && <p className="alert alert-ok">Project created. Import its prompts below to start labeling.</p>}
      </StatusRegion>
      <StatCards stats={stats} />

      <section className="card stack" aria-labelledby="import-heading">
        <h2 id="import-heading">Import prompts</h2>
        <PromptImport projectId={project.id} maxBytes={env().EXEMPLAR_MAX_IMPORT_BYTES} />
      </section>

      {/* Not labelled by its heading: the textarea must stay the one thing named "Guidelines". */}
      <section className="card stack">
        <h2>Labeling guidelines</h2>
        <GuidelinesEditor projectId={project.id} markdown={latest?.markdown ?? ""} version={latest?.version ?? 0} />
        <h3>Earlier versions</h3>
        <GuidelinesHistory versions={versions} />
      </section>

      <section className="card stack" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <ProjectSettingsForm
          projectId={project.id}
          settings={{
            name: project.name,
            description: project.description,
            responsesPerPrompt: project.responsesPerPrompt,
            maxResponseTokens: project.maxResponseTokens,
            leaseMinutes: project.leaseMinutes,
            tokenizer: asTokenizer(project.tokenizer),
            labelerMetadataKeys: project.labelerMetadataKeys,
          }}
        />
      </section>

      <section className="card stack" aria-labelledby="review-settings-heading">
        <h2 id="review-settings-heading">Review settings</h2>
        <ReviewSettingsForm
          projectId={project.id}
          settings={{
            blindReview: project.blindReview,
            secondOpinionRate: project.secondOpinionRate,
            rejectReasons: project.rejectReasons,
            rubric: project.rubric,
          }}
        />
      </section>
    </main>
  );
}
