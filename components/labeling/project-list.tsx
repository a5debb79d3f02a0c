import Link from "next/link";
import { countText } from "@/lib/bounded-count";
import type { ProjectListItem } from "@/lib/projects/list-projects";
import styles from "./project-list.module.css";

/** The labeler's projects, each with the work waiting and the one action that matters. */
export function ProjectList({ projects }: { projects: ProjectListItem[] }) {
  if (projects.length === 0) {
    return (
      <div className={`card ${styles.empty}`}>
        <h2>No projects yet</h2>
        <p className="muted">When an admin creates a project, it appears here with its prompts to write.</p>
      </div>
    );
  }
  const anyWork = projects.some((p) => p.availableTasks > 0);
  return (
    <div className="stack">
      {!anyWork && (
        <p className="alert alert-info">
          You are all caught up: no prompt is waiting for you right now. Check back later.
        </p>
      )}
      <ul className={styles.list}>
        {projects.map((project) => (
          <li key={project.id} className={`card ${styles.item}`}>
            <div className={styles.text}>
              <h2 id={`project-${project.id}`} className={styles.name}>
                {project.name}
                {project.hasActiveTask && <span className="badge badge-accent">In progress</span>}
              </h2>
              {project.description && <p className={styles.description}>{project.description}</p>}
              <p className={styles.stats}>
                {project.availableTasks > 0
                  ? `${countText(project.availableTasks, project.availableTasksAtLeast)} of ${project.promptCount.toLocaleString("en")} prompts available to you`
                  : "Nothing left for you here"}
                {project.revisionsRequested > 0 && (
                  <>
                    <span aria-hidden="true"> · </span>
                    <strong>{project.revisionsRequested.toLocaleString("en")} sent back to you</strong>
                  </>
                )}
                <span aria-hidden="true"> · </span>
                up to {project.maxResponseTokens.toLocaleString("en")} tokens per response
              </p>
            </div>
            {project.availableTasks > 0 && (
              // No prefetch: the work page is rendered per request, which a hover need not cost.
              <Link
                href={`/work/${project.slug}`}
                prefetch={false}
                className="button button-primary"
                aria-describedby={`project-${project.id}`}
              >
                {project.hasActiveTask ? "Continue" : "Start labeling"}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
