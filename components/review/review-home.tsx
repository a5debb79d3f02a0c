import Link from "next/link";
import { COUNT_LIMIT, countText } from "@/lib/bounded-count";
import type { ReviewHomeProject } from "@/lib/review/review-home";
import styles from "./review-home.module.css";

// Each project's queues are counted up to COUNT_LIMIT: a sum over projects with one at the limit is a lower bound.
const count = (n: number, one: string, many = `${one}s`, atLeast = n >= COUNT_LIMIT) =>
  `${countText(n, atLeast)} ${n === 1 ? one : many}`;
const anyAtLimit = (projects: ReviewHomeProject[], of: (p: ReviewHomeProject) => number) =>
  projects.some((p) => of(p) >= COUNT_LIMIT);

/**
 * What the reviewer's home says above the projects. It never says "nothing waits" while a queue
 * holds something this reviewer may do; when the only responses waiting are their own, it says so,
 * since those need another reviewer.
 */
function Summary({ projects }: { projects: ReviewHomeProject[] }) {
  const waiting = projects.reduce((n, p) => n + p.waiting, 0);
  const seconds = projects.reduce((n, p) => n + p.secondOpinions, 0);
  const toRank = projects.reduce((n, p) => n + p.toRank, 0);
  const own = projects.filter((p) => p.ownWaiting > 0);
  const ownTotal = own.reduce((n, p) => n + p.ownWaiting, 0);
  if (waiting + seconds + toRank > 0) {
    const parts = [
      waiting > 0 &&
        `${count(
          waiting,
          "response",
          "responses",
          anyAtLimit(projects, (p) => p.waiting),
        )} waiting for review`,
      seconds > 0 &&
        count(
          seconds,
          "second opinion",
          "second opinions",
          anyAtLimit(projects, (p) => p.secondOpinions),
        ),
      toRank > 0 &&
        `${count(
          toRank,
          "prompt",
          "prompts",
          anyAtLimit(projects, (p) => p.toRank),
        )} to rank`,
    ].filter(Boolean);
    return <p className={styles.summary}>For you: {parts.join(", ")}.</p>;
  }
  if (ownTotal > 0) {
    return (
      <p className="alert alert-info">
        Nothing waits for your review right now. {ownTotal === 1 ? "The one response" : `The ${ownTotal} responses`}{" "}
        waiting in {own.map((p) => p.name).join(", ")} {ownTotal === 1 ? "is" : "are"} your own: another reviewer
        decides on {ownTotal === 1 ? "it" : "them"}.
      </p>
    );
  }
  return <p className="alert alert-info">Nothing waits for your review right now.</p>;
}

/** The reviewer's projects, each with its queues for them and a Start button for each queue with work. */
export function ReviewHome({ projects }: { projects: ReviewHomeProject[] }) {
  if (projects.length === 0) {
    return (
      <div className={`card ${styles.empty}`}>
        <h2>No projects to review</h2>
        <p className="muted">Projects you may review appear here with the responses waiting for you.</p>
      </div>
    );
  }
  return (
    <div className="stack">
      <Summary projects={projects} />
      <ul className={styles.list}>
        {projects.map((p) => {
          const headingId = `review-project-${p.id}`;
          return (
            <li key={p.id} className={`card ${styles.item}`} aria-labelledby={headingId}>
              <div className={styles.text}>
                <h2 id={headingId} className={styles.name}>
                  <Link href={`/review/${p.slug}`}>{p.name}</Link>
                  {p.status === "paused" && <span className="badge">Paused</span>}
                </h2>
                {p.description && <p className={styles.description}>{p.description}</p>}
                <dl className={styles.counts}>
                  <div>
                    <dt>Waiting for review</dt>
                    <dd className={p.waiting > 0 ? styles.some : undefined}>{countText(p.waiting)}</dd>
                  </div>
                  <div>
                    <dt>Second opinions</dt>
                    <dd className={p.secondOpinions > 0 ? styles.some : undefined}>{countText(p.secondOpinions)}</dd>
                  </div>
                  {p.responsesPerPrompt > 1 && (
                    <div>
                      <dt>To rank</dt>
                      <dd className={p.toRank > 0 ? styles.some : undefined}>{countText(p.toRank)}</dd>
                    </div>
                  )}
                </dl>
                {p.ownWaiting > 0 && (
                  <p className={styles.own}>
                    {count(p.ownWaiting, "response")} of yours {p.ownWaiting === 1 ? "waits" : "wait"} for another
                    reviewer.
                  </p>
                )}
              </div>
              <div className={styles.actions}>
                {p.waiting > 0 && (
                  <Link
                    href={`/review/${p.slug}/start`}
                    prefetch={false}
                    className="button button-primary"
                    aria-describedby={headingId}
                  >
                    Start reviewing
                  </Link>
                )}
                {p.secondOpinions > 0 && (
                  <Link
                    href={`/review/${p.slug}/start?secondOpinion=pending`}
                    prefetch={false}
                    className={p.waiting > 0 ? "button" : "button button-primary"}
                    aria-describedby={headingId}
                  >
                    Give second opinions
                  </Link>
                )}
                {p.toRank > 0 && (
                  <Link href={`/review/${p.slug}/rank`} className="button" aria-describedby={headingId}>
                    Rank responses
                  </Link>
                )}
                <Link href={`/review/${p.slug}`} className="button button-small" aria-describedby={headingId}>
                  Queue
                </Link>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
