import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/current-user";
import { getProject, listGuidelinesVersions } from "@/lib/projects/projects";
import { projectStats } from "@/lib/projects/project-stats";
import { listUsers } from "@/lib/users/users";
import { GuidelinesEditor } from "@/components/projects/guidelines-editor";
import { GuidelinesHistory } from "@/components/projects/guidelines-history";
import { ProjectSettingsForm } from "@/components/projects/project-settings-form";
import { ReviewSettingsForm } from "@/components/projects/review-settings-form";
import { PromptImport } from "@/components/projects/prompt-import";
import { StatCards } from "@/components/projects/stat-cards";
import { StatusRegion } from "@/components/forms/form-message";
import { ExportPanel } from "@/components/admin/export-panel";
import { ProjectSectionNav, readSection, sectionHref } from "@/components/admin/project-sections";
import { orNotFound } from "@/lib/pages/or-not-found";
import { env } from "@/lib/env";
import { asTokenizer } from "@/lib/tokenizer/encodings";
import { ProjectStatusBadge } from "@/components/admin/project-lifecycle";
import { LifecycleSection, MembersSection } from "./membership-sections";
import { SuggestionGeneration } from "@/components/admin/suggestion-generation";

export const metadata: Metadata = { title: "Project" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ created?: string; section?: string | string[] }>;
};

/**
 * One project, in sections (components/admin/project-sections.tsx): each is a URL of its own
 * (`?section=settings`), so a section can be linked, reloaded and reached with Back, and only the
 * open section's data is read.
 */
export default async function ProjectPage({ params, searchParams }: Props) {
  const actor = await requireActor("admin");
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const project = await orNotFound(getProject(actor, slug));
  const section = readSection(query.section);
  const base = `/admin/projects/${project.slug}`;

  return (
    <main className="page stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/admin/projects">Projects</Link> / {project.name}
      </nav>
      <div className="row">
        <h1>{project.name}</h1>
        <code className="muted">{project.slug}</code>
        <ProjectStatusBadge status={project.status} />
        <span className="spacer" />
        <Link href={`/projects/${project.slug}/prompts`} className="button">
          Prompts
        </Link>
        <Link href={`/review/${project.slug}`} className="button">
          Review
        </Link>
        <Link href={`${base}/analytics`} className="button">
          Analytics
        </Link>
        <Link href={sectionHref(base, "export")} className="button">
          Export…
        </Link>
      </div>
      <ProjectSectionNav base={base} current={section} />

      {section === "overview" && (
        <OverviewSection
          project={project}
          created={query.created !== undefined}
          maxImportBytes={env().EXEMPLAR_MAX_IMPORT_BYTES}
        />
      )}
      {section === "guidelines" && <GuidelinesSection projectId={project.id} />}
      {section === "settings" && (
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
      )}
      {section === "settings" && <SuggestionGeneration projectId={project.id} />}
      {section === "settings" && <LifecycleSection project={project} />}
      {section === "review" && (
        <section className="card stack" aria-labelledby="review-settings-heading">
          <h2 id="review-settings-heading">Review settings</h2>
          <ReviewSettingsForm
            projectId={project.id}
            settings={{
              blindReview: project.blindReview,
              labelersSeeScores: project.labelersSeeScores,
              secondOpinionRate: project.secondOpinionRate,
              rejectReasons: project.rejectReasons,
              rubric: project.rubric,
            }}
          />
        </section>
      )}
      {section === "export" && <ExportSection project={project} />}
      {section === "members" && <MembersSection project={project} />}
    </main>
  );
}

type Project = Awaited<ReturnType<typeof getProject>>;

async function OverviewSection({
  project,
  created,
  maxImportBytes,
}: {
  project: Project;
  created: boolean;
  maxImportBytes: number;
}) {
  const actor = await requireActor("admin");
  const stats = await projectStats(actor, project.id);
  return (
    <>
      <StatusRegion>
        {created && <p className="alert alert-ok">Project created. Import its prompts below to start labeling.</p>}
      </StatusRegion>
      {project.description && <p className="muted">{project.description}</p>}
      <section className="stack" aria-labelledby="counts-heading">
        <h2 id="counts-heading" className="visually-hidden">
          Counts
        </h2>
        <StatCards stats={stats} />
        <p className="small muted">
          A prompt is done when{" "}
          {project.responsesPerPrompt === 1
            ? "its response is written and decided"
            : `all ${project.responsesPerPrompt} of its responses are written and decided`}{" "}
          (accepted or rejected), and in review while a response still waits for a decision.
        </p>
      </section>
      <section className="card stack" aria-labelledby="import-heading">
        <h2 id="import-heading">Import prompts</h2>
        <PromptImport projectId={project.id} maxBytes={maxImportBytes} />
      </section>
    </>
  );
}

async function GuidelinesSection({ projectId }: { projectId: string }) {
  const actor = await requireActor("admin");
  const versions = await listGuidelinesVersions(actor, projectId);
  const latest = versions[0];
  return (
    // Not labelled by its heading: the textarea must stay the one thing named "Guidelines".
    <section className="card stack">
      <h2>Labeling guidelines</h2>
      <GuidelinesEditor projectId={projectId} markdown={latest?.markdown ?? ""} version={latest?.version ?? 0} />
      <h3>Earlier versions</h3>
      <GuidelinesHistory versions={versions} />
    </section>
  );
}

async function ExportSection({ project }: { project: Project }) {
  const actor = await requireActor("admin");
  const [versions, users] = await Promise.all([listGuidelinesVersions(actor, project.id), listUsers(actor)]);
  return (
    <section className="stack" aria-labelledby="export-heading">
      <div className="stack">
        <h2 id="export-heading">Export</h2>
        <p className="muted">
          Choose what to take out; the count and the first lines follow each choice. The download and the command below
          give the same file.
        </p>
      </div>
      <ExportPanel
        projectId={project.id}
        projectSlug={project.slug}
        origin={env().NEXTAUTH_URL?.replace(/\/$/, "") ?? "http://localhost:3000"}
        guidelinesVersions={versions.map((v) => v.version)}
        writers={users.map((u) => ({ id: u.id, name: u.name }))}
      />
    </section>
  );
}
